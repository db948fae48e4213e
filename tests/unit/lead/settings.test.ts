/** Lead outbox settings: defaults, what a configuration may change, and the backoff they give. */
import { getConfig } from '../../../plugins/easycars/server/src/config';
import { defaultConfig } from '../../../plugins/easycars/server/src/config/schema';
import { backoffMs } from '../../../plugins/easycars/server/src/sync/lead/settings';

const strapiWith = (leads: unknown) =>
  ({ config: { get: (key: string) => (key === 'plugin::easycars' ? { leads } : undefined) } }) as any;
const leadSettings = (strapi: any) => getConfig(strapi, 'leads');

describe('lead settings', () => {
  it('takes the defaults for what is unset', () => {
    expect(leadSettings(strapiWith(undefined))).toEqual(defaultConfig().leads);
    expect(leadSettings(strapiWith({ generalEnquiry: { enabled: false } })).generalEnquiry).toEqual({
      ...defaultConfig().leads.generalEnquiry,
      enabled: false,
    });
  });

  // they fell back to the defaults silently before the config schema
  it('refuses invalid values, naming each', () => {
    expect(() => leadSettings(strapiWith({ maxAttempts: -1, backoffBaseMs: 'soon', pushOnCreate: 'yes' }))).toThrow(
      'easycars.config.leads.pushOnCreate must be true or false; easycars.config.leads.maxAttempts must be a whole number, at least 1; ' +
        'easycars.config.leads.backoffBaseMs must be a whole number, at least 0'
    );
    expect(() => leadSettings(strapiWith({ maxAttempts: 0.5 }))).toThrow(
      'easycars.config.leads.maxAttempts must be a whole number, at least 1'
    );
  });

  it('takes valid values, with at least one attempt', () => {
    expect(leadSettings(strapiWith({ maxAttempts: 1, backoffBaseMs: 0, pushOnCreate: false }))).toMatchObject({
      maxAttempts: 1,
      backoffBaseMs: 0,
      pushOnCreate: false,
    });
  });
});

describe('backoffMs', () => {
  it('doubles from the base after each failed attempt, up to the cap', () => {
    const policy = { backoffBaseMs: 60_000, backoffMaxMs: 3_600_000 };
    expect([1, 2, 3, 6, 7, 8].map((n) => backoffMs(n, policy))).toEqual([
      60_000, 120_000, 240_000, 1_920_000, 3_600_000, 3_600_000,
    ]);
  });
});

/** Lead outbox settings: defaults, what a configuration may change, and the backoff they give. */
import { DEFAULT_LEAD_SETTINGS, backoffMs, leadSettings } from '../../../plugins/easycars/server/src/sync/lead/settings';

const strapiWith = (leads: unknown) => ({ config: { get: (key: string) => (key === 'plugin::easycars.leads' ? leads : undefined) } }) as any;

describe('leadSettings', () => {
  it('falls back to the defaults for what is unset or invalid', () => {
    expect(leadSettings(strapiWith(undefined))).toEqual(DEFAULT_LEAD_SETTINGS);
    expect(leadSettings(strapiWith({ maxAttempts: -1, backoffBaseMs: 'soon', pushOnCreate: 'yes' }))).toEqual(DEFAULT_LEAD_SETTINGS);
  });

  it('takes valid values, with at least one attempt', () => {
    expect(leadSettings(strapiWith({ maxAttempts: 0.5, backoffBaseMs: 0, pushOnCreate: false }))).toMatchObject({
      maxAttempts: 1,
      backoffBaseMs: 0,
      pushOnCreate: false,
    });
  });
});

describe('backoffMs', () => {
  it('doubles from the base after each failed attempt, up to the cap', () => {
    const policy = { backoffBaseMs: 60_000, backoffMaxMs: 3_600_000 };
    expect([1, 2, 3, 6, 7, 8].map((n) => backoffMs(n, policy))).toEqual([60_000, 120_000, 240_000, 1_920_000, 3_600_000, 3_600_000]);
  });
});

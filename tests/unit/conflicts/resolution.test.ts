/** Applying each resolution to a conflict: which value each field gets, what is refused, what goes to EasyCars. */
import { leadPushOf, planResolution } from '../../../plugins/easycars/server/src/conflicts/resolution';
import { checkValue, type Attribute } from '../../../plugins/easycars/server/src/conflicts/values';

const ATTRIBUTES: Record<string, Attribute> = {
  price: { type: 'decimal' },
  odometer: { type: 'integer' },
  colour: { type: 'string', maxLength: 20 },
  condition: { type: 'enumeration', enum: ['new', 'used', 'demo'] },
  status: { type: 'enumeration', enum: ['new', 'won'], required: true },
};
const check = (field: string, value: unknown) => checkValue(field, ATTRIBUTES[field], value);
const sides = {
  local: { price: 111, odometer: 5, colour: 'Blue' },
  easycars: { price: 222, odometer: 9, colour: 'Red' },
};
const FIELDS = ['price', 'odometer'];

describe('planResolution', () => {
  it('Use Local and Use EasyCars take one side for every conflicting field', () => {
    const local = planResolution(FIELDS, sides, { strategy: 'local' }, check);
    const easycars = planResolution(FIELDS, sides, { strategy: 'easycars' }, check);
    expect(local.ok && local.plan.values).toEqual({ price: 111, odometer: 5 });
    expect(easycars.ok && easycars.plan.values).toEqual({ price: 222, odometer: 9 });
    // fields outside the conflict stay as they are locally
    expect(easycars.ok && easycars.plan.record).toEqual({ price: 222, odometer: 9, colour: 'Blue' });
  });

  it('Merge picks a side per field and reports each change', () => {
    const outcome = planResolution(
      FIELDS,
      sides,
      { strategy: 'merge', fields: { price: 'local', odometer: 'easycars' } },
      check
    );
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.plan.values).toEqual({ price: 111, odometer: 9 });
    expect(outcome.plan.changes).toEqual([
      { field: 'price', before: 111, after: 111, side: 'local' },
      { field: 'odometer', before: 5, after: 9, side: 'easycars' },
    ]);
  });

  it('Merge needs a side for every conflicting field and no other', () => {
    const outcome = planResolution(
      FIELDS,
      sides,
      { strategy: 'merge', fields: { price: 'local', colour: 'local' } },
      check
    );
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.issues.map((i) => i.message)).toEqual([
      'fields.colour is not a conflicting field of this conflict (price, odometer)',
      'fields.odometer is required: "local" or "easycars"',
    ]);
  });

  it('Manual Edit types each value like the content type', () => {
    const ok = planResolution(FIELDS, sides, { strategy: 'manual', values: { price: 150.5, odometer: 7 } }, check);
    expect(ok.ok && ok.plan.values).toEqual({ price: 150.5, odometer: 7 });
    const bad = planResolution(FIELDS, sides, { strategy: 'manual', values: { price: '150', odometer: 7.5 } }, check);
    expect(!bad.ok && bad.issues.map((i) => i.message)).toEqual([
      'values.price must be a number',
      'values.odometer must be a whole number',
    ]);
  });
});

describe('checkValue', () => {
  it.each([
    ['colour', 'x'.repeat(21), 'values.colour must be at most 20 characters'],
    ['colour', 42, 'values.colour must be a string'],
    ['condition', 'shiny', 'values.condition must be one of new, used, demo'],
    ['status', null, 'values.status is required'],
    ['wheels', 4, 'values.wheels is not a field of this record'],
  ])('%s = %p → %s', (field, value, message) => {
    const outcome = check(field, value);
    expect(outcome.ok ? null : outcome.issue.message).toBe(message);
  });

  it('accepts a cleared optional value and trims text', () => {
    expect(check('price', null)).toEqual({ ok: true, value: null });
    expect(check('colour', '  Green ')).toEqual({ ok: true, value: 'Green' });
  });
});

describe('leadPushOf', () => {
  it('sends what EasyCars lets UpdateLead change, coded as EasyCars codes it, and names what it cannot take', () => {
    const push = leadPushOf(
      { status: 'won', message: 'Call after 5', email: 'new@example.com', rating: 'hot', phone: null, interest: 'buy' },
      {
        status: 'new',
        message: 'Call me',
        email: 'old@example.com',
        rating: 'cold',
        phone: '0400 000 000',
        interest: 'buy',
      }
    );
    expect(push.request).toEqual({
      LeadStatus: 50,
      Notes: 'Call after 5',
      Rating: 3,
      LeadCustomer: { Email: 'new@example.com' },
    });
    expect(push.pushed.sort()).toEqual(['email', 'message', 'rating', 'status']);
    // UpdateLead sets values, it never clears one
    expect(push.notChangeable).toEqual(['phone']);
  });

  it("sends nothing when the chosen values are EasyCars' own", () => {
    expect(leadPushOf({ status: 'new' }, { status: 'new' })).toEqual({ request: null, pushed: [], notChangeable: [] });
  });
});

/** The public lead form's input rules and the in-memory rate limiter, without a server. */
import { parseLeadForm } from '../../../src/api/lead/utils/form';
import { createRateLimiter } from '../../../src/api/lead/utils/rate-limiter';

const ok = { name: 'Jo Bloggs', email: 'jo@example.com' };
const messageOf = (body: unknown) => {
  try {
    parseLeadForm(body);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
};

describe('parseLeadForm', () => {
  it('accepts the documented fields, trims them and drops blanks', () => {
    expect(
      parseLeadForm({
        data: { ...ok, name: '  Jo  ', phone: '', message: ' Hello ', interest: 'test-drive', vehicle: 'abc' },
      })
    ).toEqual({ name: 'Jo', email: 'jo@example.com', message: 'Hello', interest: 'test-drive', vehicle: 'abc' });
  });

  it.each([
    [{}, /^data is required$/],
    [{ data: 'x' }, /^data must be an object of lead fields$/],
    [{ data: { email: 'jo@example.com' } }, /^name is required$/],
    [{ data: { ...ok, name: 'n'.repeat(101) } }, /^name must be at most 100 characters$/],
    [{ data: { ...ok, email: 'not-an-email' } }, /^email must be a valid e-mail address$/],
    [{ data: { ...ok, email: `${'e'.repeat(95)}@example.com` } }, /^email must be at most 100 characters$/],
    [{ data: { ...ok, phone: '0400 abc' } }, /^phone may contain only digits/],
    [{ data: { ...ok, phone: '1'.repeat(21) } }, /^phone must be at most 20 characters$/],
    [{ data: { ...ok, message: 'm'.repeat(2001) } }, /^message must be at most 2000 characters$/],
    [{ data: { ...ok, interest: 'rent' } }, /^interest must be one of buy, lease, sell, test-drive, service$/],
    [{ data: { ...ok, status: 'won' } }, /^status is not a known field of a lead$/],
    [{ data: ok, extra: 1 }, /^extra is not expected: send the lead's fields inside "data"$/],
    [{ data: { ...ok, name: 5 } }, /^name must be a string$/],
    [{ data: { ...ok, name: 'Jo\u0000' } }, /^name must not contain control characters$/],
    [
      { data: { ...ok, message: 'Hi\u0000' } },
      /^message must not contain control characters other than tab and line breaks$/,
    ],
  ])('refuses %j', (body, expected) => {
    expect(messageOf(body)).toMatch(expected);
  });

  it('names every bad field at once', () => {
    expect(messageOf({ data: { name: '', email: 'x', pushStatus: 'pushed' } })).toMatch(
      /name is required.*email must be a valid e-mail address.*pushStatus is not a known field/
    );
  });
});

describe('createRateLimiter', () => {
  it('allows max hits per window and key, then says when to come back', () => {
    const limiter = createRateLimiter({ max: 2, windowMs: 1000 });
    expect(limiter.hit('a', 0)).toEqual({ allowed: true, remaining: 1 });
    expect(limiter.hit('a', 10)).toEqual({ allowed: true, remaining: 0 });
    expect(limiter.hit('a', 400)).toEqual({ allowed: false, retryAfterMs: 600 });
    expect(limiter.hit('b', 400)).toMatchObject({ allowed: true });
    expect(limiter.hit('a', 1000)).toMatchObject({ allowed: true });
  });

  it('remembers a bounded number of keys', () => {
    const limiter = createRateLimiter({ max: 1, windowMs: 1000, maxKeys: 3 });
    for (let i = 0; i < 10; i++) limiter.hit(`k${i}`, i);
    expect(limiter.size()).toBeLessThanOrEqual(3);
  });
});

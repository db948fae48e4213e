/**
 * The string and number rules every contract is built from, so the server and the admin forms say the same thing
 * about the same mistake ("must be a string", "must be at most 100 characters", "must not contain control characters").
 */
import { z } from 'zod';

/** C0 controls and DEL: PostgreSQL cannot store NUL at all, and none of them belongs in a name, an id or a code. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
/** The same, less tab, line feed and carriage return, which free text (a message, an address) may hold. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROL_CHARACTERS_EXCEPT_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export const NO_CONTROL_CHARACTERS = 'must not contain control characters';
export const NO_CONTROL_CHARACTERS_IN_TEXT = 'must not contain control characters other than tab and line breaks';

/** A missing value is "required"; a value of another type (42, {"$ne": null}) is not missing, it is the wrong type. */
const stringType = {
  error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : 'must be a string'),
};

/** One line of text (a name, an id, a code, a credential): no control character at all, trimmed, at most `max`. */
export function singleLine(max: number) {
  return z
    .string(stringType)
    .refine((v) => !CONTROL_CHARACTERS.test(v), { message: NO_CONTROL_CHARACTERS, abort: true })
    .trim()
    .max(max, `must be at most ${max} characters`);
}

/** A single line that must not be blank. */
export function requiredLine(max: number) {
  return singleLine(max).min(1, 'is required');
}

/** Free text: tabs and line breaks are kept, other control characters refused; trimmed, at most `max`. */
export function freeText(max: number) {
  return z
    .string(stringType)
    .refine((v) => !CONTROL_CHARACTERS_EXCEPT_LINE_BREAKS.test(v), {
      message: NO_CONTROL_CHARACTERS_IN_TEXT,
      abort: true,
    })
    .trim()
    .max(max, `must be at most ${max} characters`);
}

/**
 * A whole number in [min, max], also from a query string ("2"). One message that states the range, whatever is
 * wrong with the value ("abc", "0", "1e20", "1.5").
 */
export function wholeNumber(min: number, max: number) {
  const range = `must be a whole number from ${min} to ${max}`;
  return z.coerce.number(range).refine((n) => Number.isInteger(n) && n >= min && n <= max, range);
}

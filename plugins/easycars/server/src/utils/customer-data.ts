/**
 * A lead's customer details (name, e-mail, phone, address, message) wherever sync data holds them: snapshots in
 * local names (`email`) and logged EasyCars bodies in its names (`CustomerEmail`, `CustomerFax`, `Notes`,
 * `Contacts[].Mobile`). The history hides them from users who may not read leads, the content API drops them and
 * the retention archive never writes them: all three recognise them here.
 */
import { LEAD_CUSTOMER_FIELDS } from '../../../shared/contracts/leads';

/** Lower-cased, without EasyCars' `Customer` prefix; `notes` is EasyCars' name for the message. */
const CUSTOMER_KEYS = new Set([
  ...LEAD_CUSTOMER_FIELDS.map((field) => field.toLowerCase()),
  'fax',
  'notes',
  'country',
  'abn',
]);

export function isCustomerKey(key: string): boolean {
  const name = key.toLowerCase();
  return CUSTOMER_KEYS.has(name) || (name.startsWith('customer') && CUSTOMER_KEYS.has(name.slice('customer'.length)));
}

/** A copy of a JSON value whose customer members (at any depth) read `mark`; empty values stay as they are. */
export function hideCustomerValues(value: unknown, mark: string): unknown {
  if (Array.isArray(value)) return value.map((member) => hideCustomerValues(member, mark));
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, member]) => [
      key,
      isCustomerKey(key) && member !== null && member !== '' ? mark : hideCustomerValues(member, mark),
    ])
  );
}

/** `"Key": value` pairs (a string, also one cut off at the end of a truncated body, or a bare number). */
const PAIR = /("([A-Za-z_]+)"\s*:\s*)("(?:[^"\\]|\\.)*(?:"|$)|-?\d[\d.eE+-]*)/g;

/** A logged body (JSON text, maybe cut short by the call log's size limit) with its customer members hidden. */
export function hideCustomerText(text: string, mark: string): string {
  try {
    return JSON.stringify(hideCustomerValues(JSON.parse(text), mark));
  } catch {
    // a truncated body is no longer JSON: its pairs are replaced as text
    const marker = /…\[truncated \d+ bytes\]$/.exec(text)?.[0] ?? '';
    const body = marker ? text.slice(0, -marker.length) : text;
    const hidden = body.replace(PAIR, (whole, head: string, key: string, value: string) =>
      isCustomerKey(key) && value !== '""' ? `${head}"${mark}"` : whole
    );
    return hidden + marker;
  }
}

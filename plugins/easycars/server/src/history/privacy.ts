/**
 * Customer details of leads (name, e-mail, phone, address, message) inside what the history shows: a run item's
 * before/after and a lead run's call log (CreateLead sends the customer, SearchContacts and GetLeadDetail answer
 * with one). "Read sync data" alone does not show them: they are shown to users who may read leads in the Content
 * Manager, and read "[hidden]" for everyone else, keys kept so a diff still says which field changed. The run detail
 * and the exports go through the same rules, so an export never holds more than the page showed.
 */
import { LEAD_CUSTOMER_FIELDS } from '../../../shared/contracts/leads';
import type { SyncRunItem } from '../../../shared/contracts/sync';
import { UID } from '../constants';

export const HIDDEN = '[hidden]';

/** What the Content Manager asks of a user who opens the leads. */
export const READ_LEADS = { action: 'plugin::content-manager.explorer.read', subject: UID.lead } as const;

type Ability = { can(action: string, subject?: string): boolean } | undefined;

export function mayReadCustomers(ability: Ability): boolean {
  return Boolean(ability?.can(READ_LEADS.action, READ_LEADS.subject));
}

const LOCAL_KEYS = LEAD_CUSTOMER_FIELDS.map((field) => field.toLowerCase());
/** EasyCars' names of the same details: LeadCustomer and Contacts members, GetLeadDetail's Customer* and Notes. */
const EASYCARS_KEYS = ['fax', 'notes', 'country', 'abn'];
const CUSTOMER_KEYS = new Set([
  ...LOCAL_KEYS,
  ...EASYCARS_KEYS,
  ...[...LOCAL_KEYS, 'fax'].map((key) => `customer${key}`),
]);
const isCustomerKey = (key: string) => CUSTOMER_KEYS.has(key.toLowerCase());

/** A copy of a JSON value whose customer members (at any depth) read "[hidden]"; empty values stay as they are. */
export function hideCustomerValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(hideCustomerValues);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, member]) => [
      key,
      isCustomerKey(key) && member !== null && member !== '' ? HIDDEN : hideCustomerValues(member),
    ])
  );
}

/** `"Key": "value"` pairs, also one cut off at the end of a truncated body. */
const STRING_PAIR = /("([A-Za-z_]+)"\s*:\s*)"((?:[^"\\]|\\.)*)("|$)/g;

/** A logged body (JSON text, maybe truncated) with its customer members hidden. */
export function hideCustomerText(text: string): string {
  try {
    return JSON.stringify(hideCustomerValues(JSON.parse(text)));
  } catch {
    // a truncated body is no longer JSON: its pairs are replaced as text
    const marker = /…\[truncated \d+ bytes\]$/.exec(text)?.[0] ?? '';
    const body = marker ? text.slice(0, -marker.length) : text;
    const hidden = body.replace(STRING_PAIR, (whole, head: string, key: string, value: string, close: string) =>
      isCustomerKey(key) && value !== '' ? `${head}"${HIDDEN}${close || '"'}` : whole
    );
    return hidden + marker;
  }
}

/** An item as this user may see it: a lead's customer details hidden unless they may read leads. */
export function itemForViewer(item: SyncRunItem, showCustomers: boolean): SyncRunItem {
  if (showCustomers || item.entity !== 'lead') return item;
  return {
    ...item,
    before: hideCustomerValues(item.before) as SyncRunItem['before'],
    after: hideCustomerValues(item.after) as SyncRunItem['after'],
  };
}

/**
 * Customer details of leads (name, e-mail, phone, address, message) inside what the history shows: a run item's
 * before/after and a lead run's call log (CreateLead sends the customer, SearchContacts and GetLeadDetail answer
 * with one). "Read sync data" alone does not show them: they are shown to users who may read leads in the Content
 * Manager, and read "[hidden]" for everyone else, keys kept so a diff still says which field changed. The run detail
 * and the exports go through the same rules, so an export never holds more than the page showed.
 */
import type { SyncRunItem } from '../../../shared/contracts/sync';
import type { ExportItem } from './rows';
import { UID } from '../constants';
import { hideCustomerText as hideText, hideCustomerValues as hideValues } from '../utils/customer-data';

export const HIDDEN = '[hidden]';

/** What the Content Manager asks of a user who opens the leads. */
export const READ_LEADS = { action: 'plugin::content-manager.explorer.read', subject: UID.lead } as const;

type Ability = { can(action: string, subject?: string): boolean } | undefined;

export function mayReadCustomers(ability: Ability): boolean {
  return Boolean(ability?.can(READ_LEADS.action, READ_LEADS.subject));
}

/** A JSON value with its customer members hidden. */
export const hideCustomerValues = (value: unknown) => hideValues(value, HIDDEN);

/** A logged body (JSON text, maybe truncated) with its customer members hidden. */
export const hideCustomerText = (text: string) => hideText(text, HIDDEN);

/** An item as this user may see it: a lead's customer details hidden unless they may read leads. */
export function itemForViewer(item: SyncRunItem, showCustomers: boolean): SyncRunItem {
  if (showCustomers || item.entity !== 'lead') return item;
  return {
    ...item,
    before: hideCustomerValues(item.before) as SyncRunItem['before'],
    after: hideCustomerValues(item.after) as SyncRunItem['after'],
  };
}

/** The same for an export's item, whose before and after are JSON text: only a hidden lead's are parsed. */
export function exportItemForViewer(item: ExportItem, showCustomers: boolean): ExportItem {
  if (showCustomers || item.entity !== 'lead') return item;
  const hide = (json: string | null) => (json === null ? null : JSON.stringify(hideCustomerValues(JSON.parse(json))));
  return { ...item, before: hide(item.before), after: hide(item.after) };
}

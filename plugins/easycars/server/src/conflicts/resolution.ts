/**
 * What a resolution writes, decided before anything is written: the value of each conflicting field (local,
 * EasyCars, or typed by hand), the record that results, and for a lead what goes to EasyCars with UpdateLead.
 * Pure: the shell (resolve.ts) reads the record and applies the plan.
 */
import type { ConflictSide, ResolveConflictInput } from '../../../shared/contracts/conflicts';
import {
  FINANCE_CODE,
  INTEREST_CODE,
  RATING_CODE,
  STATUS_CODE,
  type LocalLeadStatus,
} from '../../../shared/contracts/leads';
import type { LeadCustomer } from '../../../shared/easycars/api';
import type { UpdateLeadInput } from '../easycars';
import { changedFields } from '../sync/compare';
import type { ValueIssue } from './values';

type Values = Record<string, unknown>;
export type ChosenSide = ConflictSide | 'manual';

export interface ResolutionPlan {
  /** The local value of each conflicting field after the resolution. */
  values: Values;
  sides: Record<string, ChosenSide>;
  changes: Array<{ field: string; before: unknown; after: unknown; side: ChosenSide }>;
  /** Every field of the record after the resolution. */
  record: Values;
}

export type PlanOutcome = { ok: true; plan: ResolutionPlan } | { ok: false; issues: ValueIssue[] };

/** `check` types a manual value against the record's content type. */
export function planResolution(
  fields: readonly string[],
  sides: { local: Values; easycars: Values },
  input: ResolveConflictInput,
  check: (field: string, value: unknown) => { ok: true; value: unknown } | { ok: false; issue: ValueIssue }
): PlanOutcome {
  const issues: ValueIssue[] = [];
  const values: Values = {};
  const chosen: Record<string, ChosenSide> = {};
  const given =
    input.strategy === 'merge' ? (input.fields ?? {}) : input.strategy === 'manual' ? (input.values ?? {}) : {};
  const key = input.strategy === 'merge' ? 'fields' : 'values';
  for (const field of Object.keys(given)) {
    if (!fields.includes(field))
      issues.push({
        path: [key, field],
        message: `${key}.${field} is not a conflicting field of this conflict (${fields.join(', ')})`,
      });
  }
  for (const field of fields) {
    if (input.strategy === 'local' || input.strategy === 'easycars') {
      chosen[field] = input.strategy;
    } else if (input.strategy === 'merge') {
      const side = input.fields?.[field];
      if (!side)
        issues.push({ path: ['fields', field], message: `fields.${field} is required: "local" or "easycars"` });
      else chosen[field] = side;
    } else {
      if (!input.values || !(field in input.values)) {
        issues.push({ path: ['values', field], message: `values.${field} is required` });
        continue;
      }
      const checked = check(field, input.values[field]);
      if (!checked.ok) issues.push(checked.issue);
      else {
        chosen[field] = 'manual';
        values[field] = checked.value;
      }
    }
    if (chosen[field] === 'local') values[field] = sides.local[field] ?? null;
    if (chosen[field] === 'easycars') values[field] = sides.easycars[field] ?? null;
  }
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    plan: {
      values,
      sides: chosen,
      changes: fields.map((field) => ({
        field,
        before: sides.local[field] ?? null,
        after: values[field],
        side: chosen[field],
      })),
      record: { ...sides.local, ...values },
    },
  };
}

/** Local lead field → its place in UpdateLead. */
const CUSTOMER_MEMBER: Record<string, keyof LeadCustomer> = {
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  mobile: 'Mobile',
  address: 'Address',
  city: 'City',
  state: 'State',
  postCode: 'PostCode',
};
const CODED: Record<
  string,
  { member: 'VehicleInterest' | 'FinanceStatus' | 'Rating' | 'LeadStatus'; codes: Record<string, number> }
> = {
  interest: { member: 'VehicleInterest', codes: INTEREST_CODE },
  financeStatus: { member: 'FinanceStatus', codes: FINANCE_CODE },
  rating: { member: 'Rating', codes: RATING_CODE },
  status: { member: 'LeadStatus', codes: STATUS_CODE as Record<LocalLeadStatus, number> },
};

export interface LeadPush {
  /** The UpdateLead request (without the lead number), or null when EasyCars has nothing to take. */
  request: Omit<UpdateLeadInput, 'LeadNumber'> | null;
  pushed: string[];
  /** Chosen values EasyCars cannot take: a cleared value (UpdateLead sets, never clears) or a field it has no member for. */
  notChangeable: string[];
}

/** What of a lead's resolution goes to EasyCars: each chosen value that differs from EasyCars' own. */
export function leadPushOf(values: Values, easycars: Values): LeadPush {
  const request: Omit<UpdateLeadInput, 'LeadNumber'> = {};
  const customer: LeadCustomer = {};
  const pushed: string[] = [];
  const notChangeable: string[] = [];
  for (const field of changedFields(easycars, values, Object.keys(values))) {
    const value = values[field];
    const text = value === null || value === undefined ? '' : String(value).trim();
    const coded = CODED[field];
    if (text === '' || (!CUSTOMER_MEMBER[field] && !coded && field !== 'message')) {
      notChangeable.push(field);
    } else if (CUSTOMER_MEMBER[field]) {
      customer[CUSTOMER_MEMBER[field]] = text;
      pushed.push(field);
    } else if (field === 'message') {
      request.Notes = text;
      pushed.push(field);
    } else if (coded.codes[text] !== undefined) {
      request[coded.member] = coded.codes[text];
      pushed.push(field);
    } else {
      notChangeable.push(field);
    }
  }
  if (Object.keys(customer).length > 0) request.LeadCustomer = customer;
  return { request: pushed.length > 0 ? request : null, pushed, notChangeable };
}

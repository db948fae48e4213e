import {
  FinanceStatus,
  LeadStatus,
  Rating,
  VehicleInterest,
  VehicleType,
} from '../plugins/easycars/shared/easycars/api';

/** A request the Lead service rejects with Code 7; the message names the field. */
export class RuleError extends Error {}

export type Body = Record<string, unknown>;

export const VEHICLE_TYPES: readonly number[] = Object.values(VehicleType);
export const VEHICLE_INTERESTS: readonly number[] = Object.values(VehicleInterest);
export const FINANCE_STATUSES: readonly number[] = Object.values(FinanceStatus);
export const RATINGS: readonly number[] = Object.values(Rating);
export const LEAD_STATUSES: readonly number[] = Object.values(LeadStatus);

/** Documented maximum lengths of the lead's own members. */
export const LEAD_LIMITS = {
  StockNumber: 20,
  VehicleMake: 100,
  VehicleModel: 50,
  VehicleSourcePageURL: 400,
  ExternalID: 50,
} as const;

/** Documented maximum lengths of LeadCustomer members. */
export const CUSTOMER_LIMITS = {
  CustomerNo: 20,
  Name: 100,
  Email: 100,
  Address: 200,
  City: 50,
  State: 20,
  PostCode: 10,
  Fax: 20,
  Phone: 20,
  Mobile: 20,
} as const;
export type CustomerField = keyof typeof CUSTOMER_LIMITS;
export const CUSTOMER_FIELDS = Object.keys(CUSTOMER_LIMITS) as CustomerField[];

/** .NET binds a JSON null like an absent member. */
export function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null;
}

export function isObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function requiredString(body: Body, field: string, max: number, label = field): string {
  const value = body[field];
  if (!isPresent(value)) throw new RuleError(`${label} is required`);
  if (typeof value !== 'string') throw new RuleError(`${label} must be a string`);
  if (value.trim() === '') throw new RuleError(`${label} is required`);
  if (value.length > max) throw new RuleError(`${label} exceeds ${max} characters`);
  return value;
}

export function optionalString(body: Body, field: string, max: number | null, label = field): string | undefined {
  const value = body[field];
  if (!isPresent(value)) return undefined;
  if (typeof value !== 'string') throw new RuleError(`${label} must be a string`);
  if (max !== null && value.length > max) throw new RuleError(`${label} exceeds ${max} characters`);
  return value;
}

function choice(value: unknown, field: string, allowed: readonly number[]): number {
  if (typeof value !== 'number' || !allowed.includes(value)) {
    throw new RuleError(`${field} must be one of ${allowed.join(', ')}`);
  }
  return value;
}

export function requiredChoice(body: Body, field: string, allowed: readonly number[]): number {
  if (!isPresent(body[field])) throw new RuleError(`${field} is required`);
  return choice(body[field], field, allowed);
}

export function optionalChoice(body: Body, field: string, allowed: readonly number[]): number | undefined {
  return isPresent(body[field]) ? choice(body[field], field, allowed) : undefined;
}

export function requiredYear(body: Body, field: string, now = new Date()): number {
  const value = body[field];
  if (!isPresent(value)) throw new RuleError(`${field} is required`);
  const max = now.getUTCFullYear() + 2;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1900 || value > max) {
    throw new RuleError(`${field} must be a year between 1900 and ${max}`);
  }
  return value;
}

export function requiredBoolean(body: Body, field: string): boolean {
  const value = body[field];
  if (!isPresent(value)) throw new RuleError(`${field} is required`);
  if (typeof value !== 'boolean') throw new RuleError(`${field} must be true or false`);
  return value;
}

export function optionalPrice(body: Body, field: string): number | undefined {
  const value = body[field];
  if (!isPresent(value)) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RuleError(`${field} must be a non-negative number`);
  }
  return value;
}

export type CustomerInput = Partial<Record<CustomerField, string>>;

/** LeadCustomer members, each checked against its maximum length. */
export function customerFields(value: unknown): CustomerInput {
  if (!isObject(value)) throw new RuleError('LeadCustomer must be an object');
  const out: CustomerInput = {};
  for (const field of CUSTOMER_FIELDS) {
    const text = optionalString(value, field, CUSTOMER_LIMITS[field], `LeadCustomer.${field}`);
    if (text !== undefined) out[field] = text;
  }
  return out;
}

/** CreateLead's customer: a CustomerNo, or else both Name and Email. */
export function newLeadCustomer(body: Body): CustomerInput {
  if (!isPresent(body.LeadCustomer)) throw new RuleError('LeadCustomer is required');
  const customer = customerFields(body.LeadCustomer);
  if (customer.CustomerNo && customer.CustomerNo.trim() !== '') return customer;
  const hasName = !!customer.Name && customer.Name.trim() !== '';
  const hasEmail = !!customer.Email && customer.Email.trim() !== '';
  if (!hasName && !hasEmail) {
    throw new RuleError('LeadCustomer.CustomerNo or both LeadCustomer.Name and LeadCustomer.Email are required');
  }
  if (!hasName) throw new RuleError('LeadCustomer.Name is required');
  if (!hasEmail) throw new RuleError('LeadCustomer.Email is required');
  return customer;
}

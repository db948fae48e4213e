/**
 * Shape checks of EasyCars answers. The client returns typed values only after these pass; anything else is a
 * MalformedResponseError rather than garbage handed to the sync. Tolerant where the vendor is known to be loose
 * (null vs "" text, numeric strings), strict on identities (LeadNumber, CustomerNo, Token).
 */
import { z } from 'zod';
import type { Contact, LeadDetail, LeadNumbers } from '../../../shared/easycars/api';
import type { StockFeedItem } from './stock-list';

/** `Code` may be missing (= success), null, a number or a numeric string. */
export const envelopeSchema = z.object({
  Code: z
    .union([
      z.number().int(),
      z
        .string()
        .regex(/^\s*-?\d+\s*$/)
        .transform(Number),
      z.null(),
    ])
    .optional()
    .transform((v) => (v === null || v === undefined ? 0 : v)),
  ErrorMessage: z
    .union([z.string(), z.null()])
    .optional()
    .transform((v) => v ?? null),
});

const id = z.string().trim().min(1);

const text = z
  .union([z.string(), z.null()])
  .optional()
  .transform((v) => v ?? null);

const textOrEmpty = z
  .union([z.string(), z.null()])
  .optional()
  .transform((v) => v ?? '');

const numberish = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^\s*-?\d+(\.\d+)?\s*$/)
      .transform(Number),
    z.literal('').transform(() => null),
    z.null(),
  ])
  .optional()
  .transform((v) => (v === undefined ? null : v));

const requiredInt = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^\s*\d+\s*$/)
    .transform(Number),
]);

const booleanish = z.union([
  z.boolean(),
  z.enum(['true', 'false', 'True', 'False']).transform((v) => v.toLowerCase() === 'true'),
]);

export const tokenAnswerSchema = z.object({ Token: id });

/** The items themselves are checked one by one by the sync (a bad item must not sink the whole feed). */
export const stockListAnswerSchema = z.object({ StockList: z.array(z.custom<StockFeedItem>()) });

export const leadNumbersSchema = z.object({ LeadNumber: id, CustomerNo: id });

export const leadDetailSchema = z.object({
  LeadNumber: id,
  StockNumber: text,
  VehicleMake: z.string(),
  VehicleModel: z.string(),
  VehiclePrice: numberish,
  VehicleType: requiredInt,
  VehicleYear: requiredInt,
  IsVehicleNew: booleanish,
  VehicleInterest: requiredInt,
  Notes: text,
  VehicleSourcePageURL: text,
  FinanceStatus: numberish,
  Rating: numberish,
  ExternalID: text,
  CreatedDateTime: z.string(),
  CustomerNo: id,
  CustomerName: text,
  CustomerEmail: text,
  CustomerAddress: text,
  CustomerCity: text,
  CustomerState: text,
  CustomerPostCode: text,
  CustomerFax: text,
  CustomerPhone: text,
  CustomerMobile: text,
  // Undocumented; present on some deployments (and in the sandbox behind a switch).
  LeadStatus: z
    .union([requiredInt, z.null()])
    .optional()
    .transform((v) => (v === null ? undefined : v)),
});

export const contactSchema = z.object({
  CustomerNo: id,
  Name: textOrEmpty,
  Email: textOrEmpty,
  Phone: textOrEmpty,
  Mobile: textOrEmpty,
  Address: textOrEmpty,
  City: textOrEmpty,
  State: textOrEmpty,
  PostCode: textOrEmpty,
  Country: textOrEmpty,
  ABN: textOrEmpty,
});

export const searchContactsAnswerSchema = z.object({
  Contacts: z
    .union([z.array(contactSchema), z.null()])
    .optional()
    .transform((v) => v ?? []),
});

// Compile-time checks that what the schemas produce is what the shared vendor types promise.
type Payload<T> = Omit<T, 'Code' | 'ErrorMessage'>;
const _leadNumbers: (v: z.output<typeof leadNumbersSchema>) => Payload<LeadNumbers> = (v) => v;
const _leadDetail: (v: z.output<typeof leadDetailSchema>) => Payload<LeadDetail> = (v) => v;
const _contact: (v: z.output<typeof contactSchema>) => Contact = (v) => v;
void _leadNumbers;
void _leadDetail;
void _contact;

/** A short description of what is wrong, from paths and rules only (never the values, which may be personal data). */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const where = issue.path.length ? issue.path.join('.') : '(root)';
      return issue.code === 'invalid_type' ? `${where}: expected ${issue.expected}` : `${where}: ${issue.code}`;
    })
    .join('; ');
}

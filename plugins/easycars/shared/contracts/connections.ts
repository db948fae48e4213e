/**
 * Contracts of the connection endpoints, shared by the server (validation) and the admin (form checks, types).
 * Responses are `{ data, meta }`; credentials are write-only and only ever come back masked.
 */
import { z } from 'zod';
import { cronProblem } from '../cron';
import { CONTROL_CHARACTERS, NO_CONTROL_CHARACTERS, requiredLine, singleLine } from './fields';

export const ENVIRONMENTS = ['test', 'production'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const DEFAULT_STOCK_SCHEDULE = '*/30 * * * *';
export const DEFAULT_LEAD_SCHEDULE = '*/15 * * * *';
/** The default of `reconciliation.schedule` (Monday 06:00 server time): what a new connection follows unless set. */
export const DEFAULT_RECONCILIATION_SCHEDULE = '0 6 * * 1';

const text = singleLine;
const required = requiredLine;
const CRON_MESSAGE = 'must be a cron expression with 5 fields, e.g. */30 * * * *';
const cron = z
  .string(CRON_MESSAGE)
  .refine((v) => !CONTROL_CHARACTERS.test(v), { message: NO_CONTROL_CHARACTERS, abort: true })
  .trim()
  .refine((v) => cronProblem(v) === null, CRON_MESSAGE);
// the URL parser silently drops tabs and line breaks, so they are refused before it sees them
const baseUrl = singleLine(300).refine(
  (v) => v === '' || isPlainHttpUrl(v),
  'must be an http(s) URL without credentials, query or fragment'
);

function isPlainHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      !url.username &&
      !url.password &&
      !url.search &&
      !url.hash
    );
  } catch {
    return false;
  }
}

/** The four EasyCars credentials (see the vendor docs: two pairs). */
export const credentialSchemas = {
  clientId: required(100).describe('The integration’s Client ID, from EasyCars'),
  clientSecret: required(200).describe(
    'The integration’s Client Secret, from EasyCars (stored encrypted, never returned)'
  ),
  accountNumber: required(20).describe('The dealership’s EasyCars Account Number'),
  accountSecret: required(50).describe(
    'The dealership’s Account Secret, from EasyCars (stored encrypted, never returned)'
  ),
};

export const createConnectionSchema = z
  .object({
    name: required(100).describe('A name for the connection, e.g. the yard'),
    environment: z
      .enum(ENVIRONMENTS, 'must be "test" or "production"')
      .describe('Which EasyCars to use: "test" or "production" (each has its own credentials)'),
    baseUrl: baseUrl
      .optional()
      .describe('Only to point at the EasyCars sandbox or a proxy; its origin must be in EASYCARS_ALLOWED_BASE_URLS'),
    ...credentialSchemas,
    yardCode: text(20).optional().describe('Only this yard’s stock (left out: the whole account)'),
    enabled: z
      .boolean('must be true or false')
      .optional()
      .describe('Whether the connection syncs (scheduled and by hand)'),
    stockSchedule: cron
      .optional()
      .describe('When the stock sync runs: a cron expression, server time (default */30 * * * *: every 30 minutes)'),
    leadSchedule: cron
      .optional()
      .describe('When the lead sync runs: a cron expression, server time (default */15 * * * *: every 15 minutes)'),
    // blank or null: no scheduled reconciliation of this connection
    reconciliationSchedule: z
      .preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), cron.nullable())
      .optional()
      .describe(
        'When the connection is reconciled: a cron expression, server time, or null (blank) for never ' +
          '(left out: the reconciliation.schedule setting, by default 0 6 * * 1: Monday 06:00)'
      ),
  })
  .strict();

/** On edit a blank secret means "unchanged". */
const optionalCredential = (schema: z.ZodString) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

export const updateConnectionSchema = createConnectionSchema
  .extend({
    clientId: optionalCredential(credentialSchemas.clientId),
    clientSecret: optionalCredential(credentialSchemas.clientSecret),
    accountNumber: optionalCredential(credentialSchemas.accountNumber),
    accountSecret: optionalCredential(credentialSchemas.accountSecret),
  })
  .partial()
  .strict();

/** Testing unsaved credentials: the same fields as a new connection, without the bookkeeping ones. */
export const testConnectionSchema = createConnectionSchema
  .pick({
    environment: true,
    baseUrl: true,
    clientId: true,
    clientSecret: true,
    accountNumber: true,
    accountSecret: true,
    yardCode: true,
  })
  .strict();

export type CreateConnectionInput = z.infer<typeof createConnectionSchema>;
export type UpdateConnectionInput = z.infer<typeof updateConnectionSchema>;
export type TestConnectionInput = z.infer<typeof testConnectionSchema>;

export type CredentialsStatus = 'ok' | 'needs-reentry';

/** A connection as the admin sees it: secrets never leave the server, identifiers only masked. */
export interface Connection {
  id: string;
  name: string;
  environment: Environment;
  baseUrl: string | null;
  yardCode: string | null;
  enabled: boolean;
  stockSchedule: string;
  leadSchedule: string;
  /** null: never reconciled on a schedule. */
  reconciliationSchedule: string | null;
  credentials: {
    clientId: string; // masked, e.g. "••••1a2b"
    accountNumber: string; // masked
    clientSecretSet: boolean;
    accountSecretSet: boolean;
    status: CredentialsStatus;
  };
  lastTest: { at: string; ok: boolean; message: string } | null;
  createdAt: string;
  updatedAt: string;
}

export type TestStage = 'client' | 'account' | 'network' | 'timeout' | 'credentials' | 'unexpected';

export type TestConnectionResult =
  | { ok: true; message: string; latencyMs: number }
  | { ok: false; stage: TestStage; message: string };

export namespace ListConnections {
  export interface Response {
    data: Connection[];
    meta: { total: number };
  }
}
export namespace GetConnection {
  export interface Response {
    data: Connection;
    meta: Record<string, never>;
  }
}
export namespace CreateConnection {
  export type Request = CreateConnectionInput;
  export type Response = GetConnection.Response;
}
export namespace UpdateConnection {
  export type Request = UpdateConnectionInput;
  export interface Response {
    data: Connection;
    /** `warnings`: what the change means for data already synced (e.g. leads sent to the previous account). */
    meta: { warnings?: string[] };
  }
}
export namespace DeleteConnection {
  export interface Response {
    data: { id: string };
    meta: Record<string, never>;
  }
}
export namespace TestConnection {
  export type Request = TestConnectionInput;
  export interface Response {
    data: TestConnectionResult;
    meta: Record<string, never>;
  }
}

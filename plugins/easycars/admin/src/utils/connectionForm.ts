/**
 * The connection form's values and their checks. The shared zod schemas are the same ones the server
 * uses, so a form that passes here is only rejected by the server for reasons it alone can know.
 */
import type { z } from 'zod';
import {
  DEFAULT_LEAD_SCHEDULE,
  DEFAULT_RECONCILIATION_SCHEDULE,
  DEFAULT_STOCK_SCHEDULE,
  createConnectionSchema,
  testConnectionSchema,
  updateConnectionSchema,
  type Connection,
  type CreateConnectionInput,
  type Environment,
  type TestConnectionInput,
  type UpdateConnectionInput,
} from '../../../shared/contracts/connections';
import { rootOf } from '../../../shared/easycars/api';
import { detailsOf, statusOf } from '../services/errors';

export interface ConnectionFormValues {
  name: string;
  environment: Environment;
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  accountNumber: string;
  accountSecret: string;
  yardCode: string;
  enabled: boolean;
  stockSchedule: string;
  leadSchedule: string;
  /** Blank: no scheduled reconciliation. */
  reconciliationSchedule: string;
}

export type FieldName = keyof ConnectionFormValues;
export type FieldErrors = Partial<Record<FieldName, string>>;

export const FIELD_LABELS: Record<FieldName, string> = {
  name: 'Name',
  environment: 'Environment',
  baseUrl: 'Base URL override',
  clientId: 'Client ID',
  clientSecret: 'Client secret',
  accountNumber: 'Account number',
  accountSecret: 'Account secret',
  yardCode: 'Yard code',
  enabled: 'Enabled',
  stockSchedule: 'Stock schedule',
  leadSchedule: 'Lead schedule',
  reconciliationSchedule: 'Reconciliation schedule',
};

export const CREDENTIAL_FIELDS = ['clientId', 'clientSecret', 'accountNumber', 'accountSecret'] as const;

export function emptyFormValues(): ConnectionFormValues {
  return {
    name: '',
    environment: 'test',
    baseUrl: '',
    clientId: '',
    clientSecret: '',
    accountNumber: '',
    accountSecret: '',
    yardCode: '',
    enabled: true,
    stockSchedule: DEFAULT_STOCK_SCHEDULE,
    leadSchedule: DEFAULT_LEAD_SCHEDULE,
    reconciliationSchedule: DEFAULT_RECONCILIATION_SCHEDULE,
  };
}

/** Credentials never come back from the server, so on edit their inputs start blank. */
export function formValuesFrom(connection: Connection): ConnectionFormValues {
  return {
    ...emptyFormValues(),
    name: connection.name,
    environment: connection.environment,
    baseUrl: connection.baseUrl ?? '',
    yardCode: connection.yardCode ?? '',
    enabled: connection.enabled,
    stockSchedule: connection.stockSchedule,
    leadSchedule: connection.leadSchedule,
    reconciliationSchedule: connection.reconciliationSchedule ?? '',
  };
}

export type Checked<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; other: string[] };

const isField = (key: unknown): key is FieldName => typeof key === 'string' && key in FIELD_LABELS;

/** "is required" from the schema becomes "Client secret is required" under the field. */
const withLabel = (field: FieldName, message: string) => `${FIELD_LABELS[field]} ${message}`;

function check<S extends z.ZodType>(schema: S, input: unknown): Checked<z.infer<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  const other: string[] = [];
  for (const issue of result.error.issues) {
    const field = issue.path[0];
    if (isField(field)) errors[field] ??= withLabel(field, issue.message);
    else other.push(issue.message);
  }
  return { ok: false, errors, other };
}

export function checkCreate(values: ConnectionFormValues): Checked<CreateConnectionInput> {
  return check(createConnectionSchema, values);
}

/** Blank credentials mean "keep the saved value"; the schema drops them. */
export function checkUpdate(values: ConnectionFormValues): Checked<UpdateConnectionInput> {
  return check(updateConnectionSchema, values);
}

export function checkTest(values: ConnectionFormValues): Checked<TestConnectionInput> {
  const { environment, baseUrl, clientId, clientSecret, accountNumber, accountSecret, yardCode } = values;
  return check(testConnectionSchema, {
    environment,
    baseUrl,
    clientId,
    clientSecret,
    accountNumber,
    accountSecret,
    yardCode,
  });
}

/**
 * The form would send the credentials somewhere else than where they were entered for (another base URL or
 * environment): the server then requires all four again. An unreadable URL counts as a move.
 */
export function movesCredentials(connection: Connection, values: ConnectionFormValues): boolean {
  const target = (environment: Environment, baseUrl: string | null) => {
    try {
      return rootOf(environment, baseUrl?.trim() || null);
    } catch {
      return null;
    }
  };
  const before = target(connection.environment, connection.baseUrl);
  return before === null || before !== target(values.environment, values.baseUrl);
}

/** Which of the four credential inputs hold something. */
export function enteredCredentials(values: ConnectionFormValues): number {
  return CREDENTIAL_FIELDS.filter((field) => values[field].trim() !== '').length;
}

interface ServerIssue {
  path?: unknown;
  message?: unknown;
}

/**
 * A 400 from the server carries `details.errors: [{ path: [field], message: "field reason" }]`;
 * this puts each reason under its field. Returns null for any other error.
 */
export function serverFieldErrors(error: unknown): { errors: FieldErrors; other: string[] } | null {
  if (statusOf(error) !== 400) return null;
  const details = detailsOf(error) as { errors?: ServerIssue[] } | undefined;
  const issues = Array.isArray(details?.errors) ? details.errors : [];
  if (issues.length === 0) return null;
  const errors: FieldErrors = {};
  const other: string[] = [];
  for (const issue of issues) {
    const path = Array.isArray(issue.path) ? issue.path.map(String) : [];
    const message = typeof issue.message === 'string' ? issue.message : 'is invalid';
    const field = path[0];
    if (isField(field)) {
      // the server prefixes the message with the field path ("clientId is required")
      const prefix = `${path.join('.')} `;
      const reason = message.startsWith(prefix) ? message.slice(prefix.length) : message;
      errors[field] ??= withLabel(field, reason);
    } else {
      other.push(message);
    }
  }
  return { errors, other };
}

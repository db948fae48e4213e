/**
 * What the steps of one lead run share: the run context, the EasyCars client of the connection, the settings, the
 * account it talks to, and the two things a step can learn for the others (EasyCars stopped answering; something
 * was done).
 */
import type { Core } from '@strapi/strapi';
import { AuthenticationError, HttpError, type EasyCarsClient, type EasyCarsError } from '../../easycars';
import { LEAD_CUSTOMER_FIELDS } from '../../../../shared/contracts/leads';
import { UID } from '../../constants';
import { describeRunError } from '../describe-error';
import type { RunContext } from '../run-context';
import type { LeadSettings } from './settings';

export interface LeadRun {
  strapi: Core.Strapi;
  run: RunContext;
  client: EasyCarsClient;
  settings: LeadSettings;
  /** The EasyCars account this run talks to (see accounts.ts): lead numbers only mean something within it. */
  accountKey: string;
  /** Highest lead number known for this connection's current account: the floor of a lost-lead search. */
  floor: number;
  /** Set when EasyCars stopped answering: the rest waits for the next run. */
  unavailable: EasyCarsError | null;
  /** A lead was pushed, refreshed or had its status sent: a run cut short by EasyCars is then partial, not failed. */
  progressMade: boolean;
}

export const leadRows = (strapi: Core.Strapi) => strapi.db.query(UID.lead as any);

/** Outbox columns the sync alone writes (an edit never rolls them back, see outbox.ts). */
export const SYNC_OWNED_COLUMNS = [
  'pushStatus',
  'pushAttempts',
  'pushLastError',
  'pushStartedAt',
  'pushedAt',
  'nextPushAt',
  'pushMaybeSent',
  'pushRecovery',
  'remoteStatusPushed',
  'statusPushRejected',
  'statusPushError',
  'lastRefreshedAt',
  'easycarsAccount',
] as const;

export const LEAD_COLUMNS = [
  'id',
  'documentId',
  ...LEAD_CUSTOMER_FIELDS,
  'vehicleMake',
  'vehicleModel',
  'vehicleYear',
  'vehicleType',
  'vehicleIsNew',
  'interest',
  'financeStatus',
  'rating',
  'status',
  'sourcePageUrl',
  'connectionId',
  'easycarsLeadNumber',
  'easycarsCustomerNo',
  ...SYNC_OWNED_COLUMNS,
];
export const VEHICLE_COLUMNS = [
  'make',
  'model',
  'year',
  'category',
  'condition',
  'price',
  'specialPrice',
  'stockNumber',
];

/** Ends the run at once: nothing more can be done with this connection now (credentials, configuration). */
export class RunStop extends Error {
  constructor(readonly reason: unknown) {
    super(describeRunError(reason));
  }
}

/** Failures that are about the connection, not the lead: wrong credentials, a base URL that answers 404… */
export function isConnectionProblem(error: unknown): boolean {
  return error instanceof AuthenticationError || (error instanceof HttpError && !error.retryable);
}

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export const pick = (row: object, fields: string[]): Record<string, unknown> =>
  Object.fromEntries(fields.map((f) => [f, (row as Record<string, unknown>)[f] ?? null]));

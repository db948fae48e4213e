/**
 * EasyCars connections: the accounts the site syncs with. Credentials are encrypted before they reach the
 * database and decrypted only to call EasyCars; everything that leaves this service is masked.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  DEFAULT_LEAD_SCHEDULE,
  DEFAULT_STOCK_SCHEDULE,
  type Connection,
  type CreateConnectionInput,
  type TestConnectionInput,
  type TestConnectionResult,
  type UpdateConnectionInput,
} from '../../../shared/contracts/connections';
import { createEasyCarsClient, maskTail, type EasyCarsCredentials } from '../easycars';
import { decrypt, encrypt, loadKey } from './crypto';

export const CONNECTION_UID = 'plugin::easycars.connection';

const CREDENTIAL_FIELDS = ['clientId', 'clientSecret', 'accountNumber', 'accountSecret'] as const;
type CredentialField = (typeof CREDENTIAL_FIELDS)[number];

type ConnectionRow = {
  documentId: string;
  name: string;
  environment: 'test' | 'production';
  baseUrl: string | null;
  yardCode: string | null;
  enabled: boolean | null;
  stockSchedule: string | null;
  leadSchedule: string | null;
  clientIdHint: string | null;
  accountNumberHint: string | null;
  lastTestedAt: string | null;
  lastTestOk: boolean | null;
  lastTestMessage: string | null;
  createdAt: string;
  updatedAt: string;
} & Record<CredentialField, string | null>;

export class CredentialsNeedReentryError extends Error {
  name = 'CredentialsNeedReentryError';
  constructor(connectionName: string) {
    super(
      `The stored credentials of "${connectionName}" can no longer be read (the encryption key changed). ` +
        'Re-enter them in Settings → Connections.'
    );
  }
}

const NEEDS_REENTRY_MESSAGE =
  'The stored credentials can no longer be read (the encryption key changed). Re-enter them and save.';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const { key } = loadKey();
  // rows are typed by ConnectionRow: the generated content-type typings do not include this plugin
  const documents = (): any => strapi.documents(CONNECTION_UID as any);
  // schedules follow every change without a restart
  const reschedule = (id: string) => strapi.plugin('easycars').service('queue').reschedule(id);

  function canDecrypt(value: string | null): boolean {
    if (!value) return false;
    try {
      decrypt(value, key);
      return true;
    } catch {
      return false;
    }
  }

  function toConnection(row: ConnectionRow): Connection {
    const readable = CREDENTIAL_FIELDS.every((field) => canDecrypt(row[field]));
    return {
      id: row.documentId,
      name: row.name,
      environment: row.environment,
      baseUrl: row.baseUrl || null,
      yardCode: row.yardCode || null,
      enabled: row.enabled !== false,
      stockSchedule: row.stockSchedule || DEFAULT_STOCK_SCHEDULE,
      leadSchedule: row.leadSchedule || DEFAULT_LEAD_SCHEDULE,
      credentials: {
        clientId: row.clientIdHint ?? '',
        accountNumber: row.accountNumberHint ?? '',
        clientSecretSet: Boolean(row.clientSecret),
        accountSecretSet: Boolean(row.accountSecret),
        status: readable ? 'ok' : 'needs-reentry',
      },
      lastTest: row.lastTestedAt
        ? { at: new Date(row.lastTestedAt).toISOString(), ok: Boolean(row.lastTestOk), message: row.lastTestMessage ?? '' }
        : null,
      createdAt: new Date(row.createdAt).toISOString(),
      updatedAt: new Date(row.updatedAt).toISOString(),
    };
  }

  /** Encrypts the credentials present in the input; the hints keep the last 4 characters for display. */
  function sealCredentials(input: Partial<Record<CredentialField, string>>) {
    const sealed: Record<string, string> = {};
    for (const field of CREDENTIAL_FIELDS) {
      const value = input[field];
      if (value !== undefined) sealed[field] = encrypt(value, key);
    }
    if (input.clientId !== undefined) sealed.clientIdHint = maskTail(input.clientId);
    if (input.accountNumber !== undefined) sealed.accountNumberHint = maskTail(input.accountNumber);
    return sealed;
  }

  async function findRow(id: string): Promise<ConnectionRow> {
    const row = (await documents().findOne({ documentId: id })) as ConnectionRow | null;
    if (!row) throw new errors.NotFoundError(`No connection with id "${id}"`);
    return row;
  }

  async function runTest(options: {
    environment: 'test' | 'production';
    baseUrl?: string | null;
    yardCode?: string | null;
    credentials: EasyCarsCredentials;
  }): Promise<TestConnectionResult> {
    const client = createEasyCarsClient({
      environment: options.environment,
      baseUrl: options.baseUrl || undefined,
      yardCode: options.yardCode || undefined,
      credentials: options.credentials,
    });
    const result = await client.testConnection();
    if (result.ok) {
      return { ok: true, message: `Connected to EasyCars in ${result.latencyMs} ms`, latencyMs: result.latencyMs };
    }
    return { ok: false, stage: result.stage, message: result.message };
  }

  return {
    async list(): Promise<Connection[]> {
      const rows = (await documents().findMany({ sort: 'name:asc' } as any)) as ConnectionRow[];
      return rows.map(toConnection);
    },

    async findOne(id: string): Promise<Connection> {
      return toConnection(await findRow(id));
    },

    async create(input: CreateConnectionInput): Promise<Connection> {
      const { clientId, clientSecret, accountNumber, accountSecret, ...rest } = input;
      const row = await documents().create({
        data: {
          ...rest,
          baseUrl: rest.baseUrl || null,
          yardCode: rest.yardCode || null,
          ...sealCredentials({ clientId, clientSecret, accountNumber, accountSecret }),
        } as any,
      });
      await reschedule(row.documentId);
      return toConnection(row as ConnectionRow);
    },

    async update(id: string, input: UpdateConnectionInput): Promise<Connection> {
      await findRow(id);
      const { clientId, clientSecret, accountNumber, accountSecret, ...rest } = input;
      const data: Record<string, unknown> = { ...rest };
      if (rest.baseUrl !== undefined) data.baseUrl = rest.baseUrl || null;
      if (rest.yardCode !== undefined) data.yardCode = rest.yardCode || null;
      Object.assign(data, sealCredentials({ clientId, clientSecret, accountNumber, accountSecret }));
      const row = await documents().update({ documentId: id, data: data as any });
      await reschedule(id);
      return toConnection(row as ConnectionRow);
    },

    async remove(id: string): Promise<void> {
      await findRow(id);
      await documents().delete({ documentId: id });
      await reschedule(id);
    },

    /** Decrypted credentials, for calling EasyCars only; never returned to a client or logged. */
    async credentialsOf(id: string): Promise<EasyCarsCredentials> {
      const row = await findRow(id);
      try {
        return {
          clientId: decrypt(row.clientId ?? '', key),
          clientSecret: decrypt(row.clientSecret ?? '', key),
          accountNumber: decrypt(row.accountNumber ?? '', key),
          accountSecret: decrypt(row.accountSecret ?? '', key),
        };
      } catch {
        throw new CredentialsNeedReentryError(row.name);
      }
    },

    /** Tests credentials that are not saved; saves nothing. */
    async testUnsaved(input: TestConnectionInput): Promise<TestConnectionResult> {
      const { clientId, clientSecret, accountNumber, accountSecret } = input;
      return runTest({ ...input, credentials: { clientId, clientSecret, accountNumber, accountSecret } });
    },

    /** Tests a saved connection and remembers the outcome for the list. */
    async testSaved(id: string): Promise<TestConnectionResult> {
      const row = await findRow(id);
      let result: TestConnectionResult;
      try {
        const credentials = await this.credentialsOf(id);
        result = await runTest({ environment: row.environment, baseUrl: row.baseUrl, yardCode: row.yardCode, credentials });
      } catch (error) {
        if (!(error instanceof CredentialsNeedReentryError)) throw error;
        result = { ok: false, stage: 'credentials', message: NEEDS_REENTRY_MESSAGE };
      }
      await documents().update({
        documentId: id,
        data: { lastTestedAt: new Date(), lastTestOk: result.ok, lastTestMessage: result.message } as any,
      });
      return result;
    },
  };
};

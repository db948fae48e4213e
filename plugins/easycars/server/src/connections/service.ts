/**
 * EasyCars connections: the accounts the site syncs with. Credentials are encrypted before they reach the
 * database, sealed for the one place they may be sent (environment + base URL), and decrypted only to call
 * EasyCars there; everything that leaves this service is masked.
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
import {
  baseUrlProblem,
  createEasyCarsClient,
  maskTail,
  rootOf,
  type EasyCarsClient,
  type EasyCarsClientOptions,
  type EasyCarsCredentials,
} from '../easycars';
import { getConfig } from '../config';
import { countPushedLeads, leadAccountKey, stampLeadsOfAccount } from '../sync/lead/accounts';
import type { Actor } from '../audit/service';
import { getService } from '../utils/get-service';
import { connectionChanges } from './changes';
import { decrypt, encrypt, isLegacy, loadKey } from './crypto';
import { UID } from '../constants';

export const CONNECTION_UID = UID.connection;

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
  reconciliationSchedule: string | null;
  clientIdHint: string | null;
  accountNumberHint: string | null;
  lastTestedAt: string | null;
  lastTestOk: boolean | null;
  lastTestMessage: string | null;
  createdAt: string;
  updatedAt: string;
} & Record<CredentialField, string | null>;

/** How a connection row says "no scheduled reconciliation"; null in the row means "as `reconciliation.schedule`". */
const RECONCILIATION_OFF = 'off';

/** The row value of a reconciliation schedule in an input (null: off); undefined leaves the row as it is. */
const reconciliationScheduleRow = (value: string | null | undefined) =>
  value === undefined ? undefined : (value ?? RECONCILIATION_OFF);

/** The connection cannot be used as saved: an administrator has to fix it in Settings → Connections. */
export class ConnectionUnusableError extends Error {}

export class CredentialsNeedReentryError extends ConnectionUnusableError {
  name = 'CredentialsNeedReentryError';
  constructor(connectionName: string) {
    super(
      `The stored credentials of "${connectionName}" can no longer be read (the encryption key or where EasyCars ` +
        'is reached changed). Re-enter them in Settings → Connections.'
    );
  }
}

/** A base URL saved before the allowlist, or since removed from it: its credentials are not sent there. */
export class BaseUrlRefusedError extends ConnectionUnusableError {
  name = 'BaseUrlRefusedError';
  constructor(connectionName: string, problem: string) {
    super(`The base URL of "${connectionName}" is not used: it ${problem}.`);
  }
}

const NEEDS_REENTRY_MESSAGE =
  'The stored credentials can no longer be read (the encryption key or where EasyCars is reached changed). ' +
  'Re-enter them and save.';

/** A saved connection's client settings; the caller adds its own call log. */
export type SavedClientOptions = Omit<EasyCarsClientOptions, 'onCall'>;

type Target = Pick<ConnectionRow, 'environment' | 'baseUrl'>;
/** The one place a connection's credentials may be sent; they are sealed for it. */
const targetOf = (row: Target) => rootOf(row.environment, row.baseUrl);

function fieldError(field: string, reason: string): errors.ValidationError {
  const message = `${field} ${reason}`;
  return new errors.ValidationError(message, { errors: [{ path: [field], message, name: 'ValidationError' }] });
}

/** A base URL override outside EasyCars' hosts and EASYCARS_ALLOWED_BASE_URLS is refused before anything is saved. */
function assertBaseUrlAllowed(baseUrl: string | null | undefined) {
  const problem = baseUrl ? baseUrlProblem(baseUrl) : null;
  if (problem) throw fieldError('baseUrl', problem);
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const { key } = loadKey();
  // rows are typed by ConnectionRow: the generated content-type typings do not include this plugin
  const documents = (): any => strapi.documents(CONNECTION_UID as any);
  // schedules follow every change without a restart
  const audit = () => getService('audit', { strapi });
  const entered = (input: Partial<Record<CredentialField, string>>) =>
    CREDENTIAL_FIELDS.filter((field) => input[field] !== undefined);
  const reschedule = (id: string) => strapi.plugin('easycars').service('queue').reschedule(id);

  function canDecrypt(value: string | null, target: string): boolean {
    if (!value) return false;
    try {
      decrypt(value, key, target);
      return true;
    } catch {
      return false;
    }
  }

  function toConnection(row: ConnectionRow): Connection {
    const target = targetOf(row);
    const readable = CREDENTIAL_FIELDS.every((field) => canDecrypt(row[field], target));
    return {
      id: row.documentId,
      name: row.name,
      environment: row.environment,
      baseUrl: row.baseUrl || null,
      yardCode: row.yardCode || null,
      enabled: row.enabled !== false,
      stockSchedule: row.stockSchedule || DEFAULT_STOCK_SCHEDULE,
      leadSchedule: row.leadSchedule || DEFAULT_LEAD_SCHEDULE,
      reconciliationSchedule: !row.reconciliationSchedule
        ? getConfig(strapi, 'reconciliation').schedule
        : row.reconciliationSchedule === RECONCILIATION_OFF
          ? null
          : row.reconciliationSchedule,
      credentials: {
        clientId: row.clientIdHint ?? '',
        accountNumber: row.accountNumberHint ?? '',
        clientSecretSet: Boolean(row.clientSecret),
        accountSecretSet: Boolean(row.accountSecret),
        status: readable ? 'ok' : 'needs-reentry',
      },
      lastTest: row.lastTestedAt
        ? {
            at: new Date(row.lastTestedAt).toISOString(),
            ok: Boolean(row.lastTestOk),
            message: row.lastTestMessage ?? '',
          }
        : null,
      createdAt: new Date(row.createdAt).toISOString(),
      updatedAt: new Date(row.updatedAt).toISOString(),
    };
  }

  /** Encrypts the credentials present in the input for `target`; the hints keep the last 4 characters for display. */
  function sealCredentials(input: Partial<Record<CredentialField, string>>, target: string) {
    const sealed: Record<string, string> = {};
    for (const field of CREDENTIAL_FIELDS) {
      const value = input[field];
      if (value !== undefined) sealed[field] = encrypt(value, key, target);
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

  /** Decrypts the credentials of a row for the place the row says; fails if they were sealed for another. */
  function openCredentials(row: ConnectionRow): EasyCarsCredentials {
    const target = targetOf(row);
    try {
      const [clientId, clientSecret, accountNumber, accountSecret] = CREDENTIAL_FIELDS.map((field) =>
        decrypt(row[field] ?? '', key, target)
      );
      return { clientId, clientSecret, accountNumber, accountSecret };
    } catch {
      throw new CredentialsNeedReentryError(row.name);
    }
  }

  /** Client settings of a saved connection, from one read of its row, so address and secrets always match. */
  function clientOptionsOf(row: ConnectionRow): SavedClientOptions {
    const problem = row.baseUrl ? baseUrlProblem(row.baseUrl) : null;
    if (problem) throw new BaseUrlRefusedError(row.name, problem);
    return {
      environment: row.environment,
      baseUrl: row.baseUrl || undefined,
      yardCode: row.yardCode || undefined,
      credentials: openCredentials(row),
      timeoutMs: getConfig(strapi, 'easycars').requestTimeoutMs,
    };
  }

  /**
   * Before the connection moves to another EasyCars account, its leads already there are marked with the account
   * they are in, so no run pairs them with the new account's leads of the same numbers or sends them again.
   */
  async function leaveLeadsWithTheirAccount(current: ConnectionRow, target: string, accountNumber?: string) {
    if (accountNumber === undefined && target === targetOf(current)) return [];
    let before: string;
    let previousNumber: string;
    try {
      previousNumber = openCredentials(current).accountNumber;
      before = leadAccountKey({ accountNumber: previousNumber }, targetOf(current));
    } catch {
      return []; // unreadable: its leads were stamped by the runs that pushed them
    }
    if (leadAccountKey({ accountNumber: accountNumber ?? previousNumber }, target) === before) return [];
    await stampLeadsOfAccount(strapi, current.documentId, before);
    const left = await countPushedLeads(strapi, current.documentId);
    if (left === 0) return [];
    return [
      `${left} lead${left === 1 ? '' : 's'} of this connection ${left === 1 ? 'is' : 'are'} in the EasyCars account ` +
        `used until now (${maskTail(previousNumber)}): ${left === 1 ? 'it stays' : 'they stay'} readable here but ` +
        'will not be sent again or refreshed from the new account',
    ];
  }

  async function runTest(client: EasyCarsClient): Promise<TestConnectionResult> {
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

    /** Saves a new connection; `actor` is the administrator the audit entry names (null: the system). */
    async create(input: CreateConnectionInput, actor: Actor | null = null): Promise<Connection> {
      const { clientId, clientSecret, accountNumber, accountSecret, reconciliationSchedule, ...rest } = input;
      assertBaseUrlAllowed(rest.baseUrl);
      const target = rootOf(rest.environment, rest.baseUrl);
      // the connection and its audit entry commit together
      const connection = await strapi.db.transaction(async () => {
        const row = await documents().create({
          data: {
            ...rest,
            baseUrl: rest.baseUrl || null,
            yardCode: rest.yardCode || null,
            reconciliationSchedule: reconciliationScheduleRow(reconciliationSchedule) ?? null,
            ...sealCredentials({ clientId, clientSecret, accountNumber, accountSecret }, target),
          } as any,
        });
        const created = toConnection(row as ConnectionRow);
        await audit().record({
          action: 'connection.created',
          actor,
          connectionId: created.id,
          changes: connectionChanges(null, created, entered(input)),
        });
        return created;
      });
      await reschedule(connection.id);
      return connection;
    },

    /** Saves a change; `warnings` say what it means for data already synced (leads left in another account). */
    async update(
      id: string,
      input: UpdateConnectionInput,
      actor: Actor | null = null
    ): Promise<{ connection: Connection; warnings: string[] }> {
      const current = await findRow(id);
      const { clientId, clientSecret, accountNumber, accountSecret, reconciliationSchedule, ...rest } = input;
      const credentials = { clientId, clientSecret, accountNumber, accountSecret };
      assertBaseUrlAllowed(rest.baseUrl);
      const data: Record<string, unknown> = { ...rest };
      if (reconciliationSchedule !== undefined) {
        data.reconciliationSchedule = reconciliationScheduleRow(reconciliationSchedule);
      }
      if (rest.baseUrl !== undefined) data.baseUrl = rest.baseUrl || null;
      if (rest.yardCode !== undefined) data.yardCode = rest.yardCode || null;
      const target = targetOf({
        environment: rest.environment ?? current.environment,
        baseUrl: rest.baseUrl !== undefined ? rest.baseUrl || null : current.baseUrl,
      });
      if (target !== targetOf(current)) {
        // The saved secrets were entered for another place: they are never sent to the new one.
        const missing = CREDENTIAL_FIELDS.filter((field) => credentials[field] === undefined);
        if (missing.length > 0) {
          const reason =
            'must be re-entered: changing the base URL or environment changes where the credentials are sent';
          const issues = missing.map((field) => ({
            path: [field],
            message: `${field} ${reason}`,
            name: 'ValidationError',
          }));
          throw new errors.ValidationError(`${missing.join(', ')} ${reason}`, { errors: issues });
        }
      }
      const warnings = await leaveLeadsWithTheirAccount(current, target, credentials.accountNumber);
      Object.assign(data, sealCredentials(credentials, target));
      const connection = await strapi.db.transaction(async () => {
        const row = await documents().update({ documentId: id, data: data as any });
        const updated = toConnection(row as ConnectionRow);
        await audit().record({
          action: 'connection.updated',
          actor,
          connectionId: id,
          changes: connectionChanges(toConnection(current), updated, entered(credentials)),
        });
        return updated;
      });
      await reschedule(id);
      return { connection, warnings };
    },

    async remove(id: string, actor: Actor | null = null): Promise<void> {
      const current = await findRow(id);
      await strapi.db.transaction(async () => {
        await documents().delete({ documentId: id });
        await audit().record({
          action: 'connection.deleted',
          actor,
          connectionId: id,
          changes: connectionChanges(toConnection(current), null),
        });
      });
      await reschedule(id);
    },

    /**
     * What a sync builds its EasyCars client from (`createEasyCarsClient({ ...options, onCall })`): the saved
     * address and the credentials sealed for it, never one without the other. Throws CredentialsNeedReentryError or
     * BaseUrlRefusedError when the connection cannot be used as saved.
     */
    async clientOptionsFor(id: string): Promise<SavedClientOptions> {
      return clientOptionsOf(await findRow(id));
    },

    /** Decrypted credentials, for calling EasyCars only; never returned to a client or logged. */
    async credentialsOf(id: string): Promise<EasyCarsCredentials> {
      return openCredentials(await findRow(id));
    },

    /** The credentials together with the EasyCars root they are sealed for, from one read of the connection. */
    async sealedCredentialsOf(id: string): Promise<{ credentials: EasyCarsCredentials; root: string }> {
      const row = await findRow(id);
      return { credentials: openCredentials(row), root: targetOf(row) };
    },

    /** Tests credentials that are not saved; saves nothing. */
    async testUnsaved(input: TestConnectionInput): Promise<TestConnectionResult> {
      const { clientId, clientSecret, accountNumber, accountSecret, environment, baseUrl, yardCode } = input;
      assertBaseUrlAllowed(baseUrl);
      const client = createEasyCarsClient({
        environment,
        baseUrl: baseUrl || undefined,
        yardCode: yardCode || undefined,
        credentials: { clientId, clientSecret, accountNumber, accountSecret },
      });
      return runTest(client);
    },

    /** Tests a saved connection and remembers the outcome for the list. */
    async testSaved(id: string): Promise<TestConnectionResult> {
      const row = await findRow(id);
      let result: TestConnectionResult;
      try {
        result = await runTest(createEasyCarsClient(clientOptionsOf(row)));
      } catch (error) {
        if (error instanceof CredentialsNeedReentryError) {
          result = { ok: false, stage: 'credentials', message: NEEDS_REENTRY_MESSAGE };
        } else if (error instanceof BaseUrlRefusedError) {
          result = { ok: false, stage: 'network', message: error.message };
        } else {
          throw error;
        }
      }
      await documents().update({
        documentId: id,
        data: { lastTestedAt: new Date(), lastTestOk: result.ok, lastTestMessage: result.message } as any,
      });
      return result;
    },

    /** Values sealed before they were bound to a place are sealed again for the place their row names. */
    async resealLegacyCredentials(): Promise<number> {
      const rows = (await strapi.db.query(CONNECTION_UID as any).findMany({})) as (ConnectionRow & { id: number })[];
      let resealed = 0;
      for (const row of rows) {
        if (!CREDENTIAL_FIELDS.some((field) => isLegacy(row[field]))) continue;
        let plain: EasyCarsCredentials;
        try {
          plain = openCredentials(row);
        } catch {
          continue; // unreadable anyway: shown as "needs re-entry"
        }
        const data: Record<string, string> = {};
        for (const field of CREDENTIAL_FIELDS) data[field] = encrypt(plain[field], key, targetOf(row));
        await strapi.db.query(CONNECTION_UID as any).update({ where: { id: row.id }, data });
        resealed += 1;
      }
      return resealed;
    },
  };
};

import { ResponseCode } from '../plugins/easycars/shared/easycars/api';
import type { VendorRoute } from './endpoints';
import { RuleError, isObject, requiredString, type Body } from './lead-rules';
import type { AccountState, ClientAccess, SandboxState } from './state';

/** A vendor answer before serialization: HTTP status and the flat envelope. */
export interface VendorAnswer {
  httpStatus: number;
  /** Payload members already serialized (the stock list is cached as UTF-8 JSON), written before `body`. */
  rawMembers?: Record<string, Buffer>;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

export interface VendorRequest {
  route: VendorRoute;
  query: URLSearchParams;
  authorization: string | undefined;
  body: Buffer;
}

export const INVALID_TOKEN = 'Invalid token.';
export const INVALID_CLIENT = 'Invalid client credentials.';
export const INVALID_ACCOUNT = 'Authentication failed: invalid AccountNumber or AccountSecret.';

export function envelope(
  code: number,
  message: string | null,
  payload: Record<string, unknown> = {},
  httpStatus = 200
): VendorAnswer {
  return { httpStatus, body: { ...payload, Code: code, ErrorMessage: message } };
}

/** The answer's JSON: text, or bytes when it has raw members (a large feed is copied, never decoded). */
export function serializeAnswer(answer: VendorAnswer): string | Buffer {
  const members = Object.entries(answer.body).map(
    ([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value ?? null)}`
  );
  const raw = Object.entries(answer.rawMembers ?? {});
  if (raw.length === 0) return `{${members.join(',')}}`;
  const parts = raw.flatMap(([key, json], k) => [Buffer.from(`${k === 0 ? '{' : ','}${JSON.stringify(key)}:`), json]);
  return Buffer.concat([...parts, Buffer.from(members.length ? `,${members.join(',')}}` : '}')]);
}

/** Query names bind case-insensitively in the .NET service. */
function queryValue(query: URLSearchParams, name: string): string | undefined {
  for (const [key, value] of query) if (key.toLowerCase() === name.toLowerCase()) return value;
  return undefined;
}

function requestToken(state: SandboxState, req: VendorRequest): VendorAnswer {
  const id = queryValue(req.query, 'ClientID');
  const secret = queryValue(req.query, 'ClientSecret');
  const client = id ? state.client(id) : undefined;
  if (!client || !secret || client.ClientSecret !== secret.trim().toLowerCase()) {
    return envelope(ResponseCode.AuthenticationFail, INVALID_CLIENT, { Token: null });
  }
  return envelope(ResponseCode.Success, null, { Token: state.tokens.issue(req.route.service, client.ClientID) });
}

function bearerToken(authorization: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match ? match[1] : null;
}

function parseBody(raw: Buffer): Body | string {
  const text = raw.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') return 'The request body is empty; a JSON object is required.';
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) ? parsed : 'The request body must be a JSON object.';
  } catch {
    return 'The request body is not valid JSON.';
  }
}

function authorizeAccount(state: SandboxState, client: ClientAccess, body: Body): AccountState | null {
  const accountNumber = requiredString(body, 'AccountNumber', 20);
  const secret = requiredString(body, 'AccountSecret', 50);
  const account = state.accounts.get(accountNumber.trim());
  if (!account || account.AccountSecret !== secret.trim().toLowerCase() || !client.accounts.has(account.AccountNumber))
    return null;
  return account;
}

function stockList(account: AccountState, body: Body): VendorAnswer {
  const yard = body.YardCode;
  if (yard !== undefined && yard !== null && typeof yard !== 'string' && typeof yard !== 'number') {
    throw new RuleError('YardCode must be a string');
  }
  const yardCode = yard === undefined || yard === null || String(yard).trim() === '' ? undefined : String(yard).trim();
  return {
    httpStatus: 200,
    rawMembers: { StockList: account.stockJson(yardCode) },
    body: { Code: ResponseCode.Success, ErrorMessage: null },
  };
}

function dataCall(state: SandboxState, req: VendorRequest): VendorAnswer {
  const token = bearerToken(req.authorization);
  const clientId = token ? state.tokens.verify(req.route.service, token) : null;
  const client = clientId ? state.client(clientId) : undefined;
  if (!client) return envelope(ResponseCode.AuthenticationFail, INVALID_TOKEN);

  const body = parseBody(req.body);
  if (typeof body === 'string') return envelope(ResponseCode.Failed, body, {}, 400);

  const account = authorizeAccount(state, client, body);
  if (!account) return envelope(ResponseCode.AuthenticationFail, INVALID_ACCOUNT);
  switch (req.route.endpoint) {
    case 'GetAdvertisementStocks':
      return stockList(account, body);
    case 'CreateLead':
      return envelope(
        ResponseCode.Success,
        null,
        account.leads.create(body, client.ClientID, (sn) => account.hasStock(sn))
      );
    case 'UpdateLead':
      return envelope(ResponseCode.Success, null, account.leads.update(body, client.ClientID));
    case 'GetLeadDetail':
      return envelope(
        ResponseCode.Success,
        null,
        account.leads.detail(body, client.ClientID, state.settings.leadStatusInDetail)
      );
    case 'SearchContacts':
      return envelope(ResponseCode.Success, null, { Contacts: account.leads.search(body) });
    default:
      return envelope(ResponseCode.Failed, `${req.route.endpoint} is not a data call`, {}, 404);
  }
}

/** Performs one vendor API call against the state, exactly as the real service would answer it. */
export function handleVendorCall(state: SandboxState, req: VendorRequest): VendorAnswer {
  try {
    return req.route.endpoint === 'RequestToken' ? requestToken(state, req) : dataCall(state, req);
  } catch (err) {
    if (err instanceof RuleError) return envelope(ResponseCode.Failed, err.message);
    throw err;
  }
}

import { InputError, NotFoundError } from './errors';
import { RuleError, isObject } from './lead-rules';
import { parseFault } from './faults';
import { mutateStock } from './mutate';
import type { AccountState, SandboxState } from './state';

/** A control API answer: `raw` is JSON text sent as is (the feed is cached as text). */
export interface ControlAnswer {
  status: number;
  body?: unknown;
  raw?: string;
}

export interface ControlRequest {
  method: string;
  /** Path below /__sandbox, e.g. "/accounts/EC123/stock". */
  path: string;
  query: URLSearchParams;
  body: Buffer;
}

function json(req: ControlRequest): unknown {
  const text = req.body.toString('utf8');
  if (text.trim() === '') throw new InputError('a JSON body is required');
  try {
    return JSON.parse(text);
  } catch {
    throw new InputError('the body is not valid JSON');
  }
}

/** Like json(), but an empty body means {} (for calls whose every member is optional). */
function optionalJson(req: ControlRequest): unknown {
  return req.body.toString('utf8').trim() === '' ? {} : json(req);
}

function account(state: SandboxState, accountNumber: string): AccountState {
  const found = state.accounts.get(decodeURIComponent(accountNumber));
  if (!found) throw new NotFoundError(`unknown account ${accountNumber}`);
  return found;
}

/** The Lead service's rule failures are bad input here. */
function rules<T>(apply: () => T): T {
  try {
    return apply();
  } catch (err) {
    if (err instanceof RuleError) throw new InputError(err.message);
    throw err;
  }
}

function ok(body: unknown): ControlAnswer {
  return { status: 200, body };
}

type Handler = (state: SandboxState, req: ControlRequest, params: string[]) => ControlAnswer;

interface Route {
  pattern: RegExp;
  methods: Record<string, Handler>;
}

const ROUTES: Route[] = [
  { pattern: /^\/health$/, methods: { GET: () => ok({ ok: true }) } },
  {
    pattern: /^\/reset$/,
    methods: {
      POST: (state) => {
        state.reset();
        return ok({ ok: true });
      },
    },
  },
  {
    pattern: /^\/accounts$/,
    methods: {
      GET: (state) =>
        ok(
          [...state.accounts.values()].map((a) => ({
            name: a.profile.name,
            dealerName: a.profile.dealerName,
            AccountNumber: a.AccountNumber,
            yards: a.profile.yards.map((y) => ({ YardCode: y.YardCode, YardName: y.YardName })),
            vehicles: a.stock.length,
            leads: a.leads.listLeads().length,
            clients: [...state.clients.values()].filter((c) => c.accounts.has(a.AccountNumber)).map((c) => c.profile),
          }))
        ),
    },
  },
  {
    pattern: /^\/accounts\/([^/]+)\/stock$/,
    methods: {
      GET: (state, _req, [acc]) => ({ status: 200, raw: account(state, acc).stockJson().toString() }),
      PUT: (state, req, [acc]) => {
        const target = account(state, acc);
        const items = json(req);
        if (!Array.isArray(items)) throw new InputError('the body must be a JSON array of stock items');
        target.setStock(items);
        return ok({ total: items.length });
      },
    },
  },
  {
    pattern: /^\/accounts\/([^/]+)\/stock\/mutate$/,
    methods: { POST: (state, req, [acc]) => ok(mutateStock(account(state, acc), json(req), state.config.seed)) },
  },
  {
    pattern: /^\/accounts\/([^/]+)\/leads$/,
    methods: {
      GET: (state, _req, [acc]) =>
        ok(
          account(state, acc)
            .leads.listLeads()
            .map((lead) => ({ ...lead, leadSource: state.client(lead.clientId)?.profile ?? null }))
        ),
      // a lead that exists only in EasyCars, created under a lead source's name (as CreateLead would, no token needed)
      POST: (state, req, [acc]) => {
        const target = account(state, acc);
        const input = json(req);
        if (!isObject(input)) throw new InputError('the body must be a JSON object');
        const { leadSource = 'demo', ...body } = input;
        const client = [...state.clients.values()].find((c) => c.profile === leadSource);
        if (!client) throw new InputError('leadSource must be "demo" or "other"');
        if (!client.accounts.has(target.AccountNumber))
          throw new InputError(`lead source ${String(leadSource)} may not use account ${target.AccountNumber}`);
        return ok(rules(() => target.leads.create(body, client.ClientID, (sn) => target.hasStock(sn))));
      },
    },
  },
  {
    pattern: /^\/accounts\/([^/]+)\/leads\/([^/]+)$/,
    methods: {
      // a change made by dealership staff in EasyCars itself: status, notes, customer fields, under UpdateLead's rules
      PATCH: (state, req, [acc, number]) => {
        const target = account(state, acc);
        const leadNumber = decodeURIComponent(number);
        if (!target.leads.has(leadNumber)) throw new NotFoundError(`unknown lead ${leadNumber}`);
        const input = json(req);
        if (!isObject(input)) throw new InputError('the body must be a JSON object');
        return ok(rules(() => target.leads.update({ ...input, LeadNumber: leadNumber }, null)));
      },
    },
  },
  {
    pattern: /^\/accounts\/([^/]+)\/contacts$/,
    methods: { GET: (state, _req, [acc]) => ok(account(state, acc).leads.listCustomers()) },
  },
  {
    pattern: /^\/faults$/,
    methods: {
      GET: (state) => ok(state.faults.list()),
      POST: (state, req) => {
        const input = json(req);
        // validate all before adding any, so a bad entry leaves the queue as it was
        if (Array.isArray(input)) return ok(input.map(parseFault).map((f) => state.faults.add(f)));
        return ok(state.faults.add(parseFault(input)));
      },
      DELETE: (state) => ok({ cleared: state.faults.clear() }),
    },
  },
  {
    pattern: /^\/tokens\/expire$/,
    methods: {
      POST: (state) => {
        state.tokens.invalidateAll();
        return ok({ ok: true });
      },
    },
  },
  {
    pattern: /^\/settings$/,
    methods: {
      GET: (state) => ok(state.settings),
      PUT: (state, req) => {
        const input = optionalJson(req);
        if (typeof input !== 'object' || input === null || Array.isArray(input))
          throw new InputError('the body must be a JSON object');
        for (const [key, value] of Object.entries(input)) {
          if (key !== 'leadStatusInDetail') throw new InputError(`unknown setting ${key}`);
          if (typeof value !== 'boolean') throw new InputError('leadStatusInDetail must be true or false');
          state.settings.leadStatusInDetail = value;
        }
        return ok(state.settings);
      },
    },
  },
  {
    pattern: /^\/calls$/,
    methods: {
      GET: (state, req) => ok(state.calls.list(req.query.get('endpoint') ?? undefined)),
      DELETE: (state) => {
        state.calls.clear();
        return ok({ ok: true });
      },
    },
  },
];

/** The /__sandbox/ API used by tests and demos to steer the sandbox. */
export function handleControl(state: SandboxState, req: ControlRequest): ControlAnswer {
  const route = ROUTES.find((r) => r.pattern.test(req.path));
  if (!route) return { status: 404, body: { error: `no control route ${req.path}` } };
  const handler = route.methods[req.method];
  if (!handler)
    return { status: 405, body: { error: `${req.method} not allowed; use ${Object.keys(route.methods).join(', ')}` } };
  try {
    return handler(state, req, (route.pattern.exec(req.path) ?? []).slice(1));
  } catch (err) {
    if (err instanceof InputError) return { status: 400, body: { error: err.message } };
    if (err instanceof NotFoundError) return { status: 404, body: { error: err.message } };
    throw err;
  }
}

import {
  PROFILES,
  PROFILE_NAMES,
  makeCredentials,
  seedCustomers,
  type DealerProfile,
  type DemoCredentials,
  type ProfileName,
} from './accounts';
import { CallLog } from './calls';
import { FaultQueue } from './faults';
import { LeadBook } from './leads';
import { ImageCache } from './png';
import { Rng } from './random';
import { generateStock, maxStockNumber } from './stock';
import { TokenIssuer } from './tokens';

export interface SandboxConfig {
  seed: number;
  vehicles: number;
  /** Where the sandbox is reachable; the feed's image URLs point here. */
  baseUrl: string;
  leadStatusInDetail: boolean;
}

export interface SandboxSettings {
  leadStatusInDetail: boolean;
}

/** A client of the API portal: one lead source, allowed to use some accounts. */
export interface ClientAccess {
  profile: ProfileName;
  ClientID: string;
  ClientSecret: string;
  accounts: ReadonlySet<string>;
}

function isStockObject(item: unknown): item is Record<string, unknown> {
  return typeof item === 'object' && item !== null && !Array.isArray(item);
}

/** One dealer account: its advertised stock (kept verbatim) and its Lead service data. */
export class AccountState {
  readonly AccountNumber: string;
  readonly AccountSecret: string;
  readonly leads: LeadBook;
  /** Number of control-API mutations so far; names the PRNG stream of each, so replays are identical. */
  mutations = 0;
  private items: unknown[];
  /**
   * The StockList as UTF-8 JSON per yard ('' = all yards): the feed can be large, so it is built and encoded once per
   * change, as a real EasyCars serving many clients has its answer ready.
   */
  private readonly cache = new Map<string, Buffer>();

  constructor(
    private readonly config: SandboxConfig,
    readonly profile: DealerProfile,
    credentials: DemoCredentials,
    vehicles: number
  ) {
    this.AccountNumber = credentials.AccountNumber;
    this.AccountSecret = credentials.AccountSecret;
    this.leads = new LeadBook(this.AccountNumber, seedCustomers(config.seed, profile));
    this.items = generateStock({
      seed: config.seed,
      stream: `stock:${profile.name}`,
      profile,
      accountId: this.AccountNumber.slice(2),
      baseUrl: config.baseUrl,
      count: vehicles,
      firstIndex: 0,
      firstStockNumber: Rng.derive(config.seed, `stocknumbers:${profile.name}`).int(100, 2999),
    });
  }

  get stock(): readonly unknown[] {
    return this.items;
  }

  setStock(items: unknown[]): void {
    this.items = items;
    this.cache.clear();
  }

  /** Items to append for the control API's `generate`, continuing the stock numbers and the quirk positions. */
  generateMore(count: number, onto: readonly unknown[]): unknown[] {
    return generateStock({
      seed: this.config.seed,
      stream: `generate:${this.profile.name}:${this.mutations}`,
      profile: this.profile,
      accountId: this.AccountNumber.slice(2),
      baseUrl: this.config.baseUrl,
      count,
      firstIndex: onto.length,
      firstStockNumber: maxStockNumber(onto) + 1,
    });
  }

  /** The StockList as UTF-8 JSON, optionally for one yard. */
  stockJson(yardCode?: string): Buffer {
    const key = yardCode ?? '';
    let json = this.cache.get(key);
    if (json === undefined) {
      const items =
        yardCode === undefined ? this.items : this.items.filter((i) => isStockObject(i) && i.YardCode === yardCode);
      json = Buffer.from(JSON.stringify(items));
      this.cache.set(key, json);
    }
    return json;
  }

  hasStock(stockNumber: string): boolean {
    return this.items.some((i) => isStockObject(i) && i.StockNumber === stockNumber);
  }
}

/** Everything the sandbox remembers; `reset()` returns it to the seeded start. */
export class SandboxState {
  readonly credentials: Record<ProfileName, DemoCredentials>;
  readonly clients = new Map<string, ClientAccess>();
  readonly accounts = new Map<string, AccountState>();
  readonly tokens = new TokenIssuer();
  readonly faults = new FaultQueue();
  readonly calls = new CallLog();
  readonly images = new ImageCache();
  settings: SandboxSettings;

  constructor(readonly config: SandboxConfig) {
    this.credentials = makeCredentials(config.seed);
    const { demo, other } = this.credentials;
    this.clients.set(demo.ClientID, {
      profile: 'demo',
      ClientID: demo.ClientID,
      ClientSecret: demo.ClientSecret,
      accounts: new Set([demo.AccountNumber]),
    });
    // the second lead source also writes to the demo account, so one account holds leads of two sources
    this.clients.set(other.ClientID, {
      profile: 'other',
      ClientID: other.ClientID,
      ClientSecret: other.ClientSecret,
      accounts: new Set([other.AccountNumber, demo.AccountNumber]),
    });
    this.settings = { leadStatusInDetail: config.leadStatusInDetail };
    this.reset();
  }

  reset(): void {
    this.accounts.clear();
    for (const name of PROFILE_NAMES) {
      const vehicles = name === 'demo' ? this.config.vehicles : Math.ceil(this.config.vehicles / 5);
      const account = new AccountState(this.config, PROFILES[name], this.credentials[name], vehicles);
      this.accounts.set(account.AccountNumber, account);
    }
    this.settings = { leadStatusInDetail: this.config.leadStatusInDetail };
    this.faults.clear();
    this.calls.clear();
    this.tokens.invalidateAll();
  }

  /** GUIDs compare case-insensitively, as in .NET. */
  client(clientId: string): ClientAccess | undefined {
    const wanted = clientId.trim().toLowerCase();
    for (const client of this.clients.values()) if (client.ClientID === wanted) return client;
    return undefined;
  }
}

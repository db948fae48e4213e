/**
 * The reconciliation's comparison without a database: categories and severities of vehicles and leads from the two
 * sides and the record state, and Ignore's muting by fingerprint.
 */
import {
  applyMutes,
  compareVehicles,
  localVehicleEntry,
  muteKey,
  type FoundDiscrepancy,
  type LocalVehicle,
  type VehicleState,
} from '../../../plugins/easycars/server/src/reconciliation/compare';
import { compareLeads, type LeadRead } from '../../../plugins/easycars/server/src/reconciliation/leads';
import { hashStockItem, hashVehicleData, identityKey } from '../../../plugins/easycars/server/src/sync/stock/hash';
import { MAPPED_VEHICLE_FIELDS, toVehicleData } from '../../../plugins/easycars/server/src/sync/stock/map';
import { normaliseStockItem } from '../../../plugins/easycars/server/src/sync/stock/normalise';
import type { LeadRow } from '../../../plugins/easycars/server/src/sync/lead/mapping';
import { rawStockItem } from '../stock/fixtures';

const CONNECTION = 'conn-1';

/** The site's vehicle as the sync wrote it from `raw`, and its record state. */
function synced(raw: Record<string, unknown>, id: number): { local: LocalVehicle; state: VehicleState } {
  const result = normaliseStockItem(raw);
  if (!result.ok) throw new Error(result.error);
  const data = toVehicleData(result.item, CONNECTION) as unknown as Record<string, unknown>;
  const local = { ...data, id, documentId: `doc${id}` } as LocalVehicle;
  return {
    local,
    state: {
      externalKey: identityKey(result.item.YardCode || null, result.item.StockNumber),
      localId: local.documentId,
      remoteHash: hashStockItem(result.item),
      localHash: hashVehicleData(local, MAPPED_VEHICLE_FIELDS),
    },
  };
}

/**
 * The comparison over whole site rows, as the job gives it their entries and reads the rows that may differ; what
 * it hands to its sink gathered (retractions applied) and each hand-over recorded.
 */
async function compare(
  input: { feed: unknown[]; locals: LocalVehicle[]; states: VehicleState[]; segment?: number; storeMs?: number },
  readIds: number[] = [],
  handovers: string[][] = []
) {
  let discrepancies: FoundDiscrepancy[] = [];
  const result = await compareVehicles({
    connectionId: CONNECTION,
    feed: input.feed,
    locals: input.locals.map(localVehicleEntry),
    states: input.states,
    readVehicles: async (ids) => {
      readIds.push(...ids);
      return input.locals.filter((row) => ids.includes(row.id));
    },
    sink: {
      add: async (found) => {
        // a slow database: the comparison goes on meanwhile
        if (input.storeMs) await new Promise((resolve) => setTimeout(resolve, input.storeMs));
        handovers.push(found.map((d) => d.externalKey ?? ''));
        discrepancies.push(...found);
      },
      retract: async (keys) => {
        handovers.push(keys.map((key) => `-${key}`));
        discrepancies = discrepancies.filter((d) => !keys.includes(d.externalKey ?? ''));
      },
    },
    segment: input.segment,
  });
  return { discrepancies, ...result };
}

describe('vehicles', () => {
  const a = rawStockItem({ StockNumber: '1', Price: 20000 });
  const b = rawStockItem({ StockNumber: '2', Price: 30000 });

  it('finds nothing when the site holds what the sync wrote from the same feed', async () => {
    const sides = [synced(a, 1), synced(b, 2)];
    const read: number[] = [];
    const result = await compare(
      {
        feed: [a, b],
        locals: sides.map((s) => s.local),
        states: sides.map((s) => s.state),
      },
      read
    );
    expect(result).toEqual({ discrepancies: [], compared: 2, unreadable: 0 });
    // equal hashes: no row is read again
    expect(read).toEqual([]);
  });

  it('compares field by field when only the hashes differ, and keeps the feed order', async () => {
    // the same instant written two ways inside a list: the hashes differ, the canonical values do not
    const sa = synced(rawStockItem({ StockNumber: '1', ImageURLs: '2025-11-05T00:00:00.000Z' }), 1);
    const sb = synced(b, 2);
    const read: number[] = [];
    const result = await compare(
      {
        feed: [
          rawStockItem({ StockNumber: '1', ImageURLs: '2025-11-05T00:00:00Z' }),
          { ...b, Price: 31000 },
          rawStockItem({ StockNumber: '4' }),
        ],
        locals: [sa.local, sb.local],
        states: [sa.state, sb.state],
      },
      read
    );
    expect(read).toEqual([1, 2]);
    expect(result.discrepancies.map((d) => [d.externalKey, d.category])).toEqual([
      ['100::2', 'mismatch'],
      ['100::4', 'missing_local'],
    ]);
    expect(result.compared).toBe(3);
  });

  it('tells missing, outdated and conflicting apart', async () => {
    const sa = synced(a, 1);
    const sb = synced(b, 2);
    const gone = synced(rawStockItem({ StockNumber: '3' }), 3);
    const fresh = rawStockItem({ StockNumber: '4' });
    // a: repriced in EasyCars only; b: repriced in EasyCars and edited here
    const feed = [{ ...a, Price: 21000 }, { ...b, Price: 31000 }, fresh, { StockNumber: null }];
    const locals = [sa.local, { ...sb.local, price: 29000 }, gone.local];
    const result = await compare({
      feed,
      locals,
      states: [sa.state, sb.state, gone.state],
    });
    const by = new Map(result.discrepancies.map((d) => [d.externalKey, d]));
    expect(by.get('100::1')).toMatchObject({
      category: 'mismatch',
      severity: 'outdated',
      fields: [{ field: 'price', local: 20000, remote: 21000 }],
    });
    expect(by.get('100::2')).toMatchObject({
      category: 'mismatch',
      severity: 'conflicting',
      fields: [{ field: 'price', local: 29000, remote: 31000 }],
    });
    expect(by.get('100::3')).toMatchObject({ category: 'missing_remote', severity: 'missing', localId: 'doc3' });
    expect(by.get('100::4')).toMatchObject({ category: 'missing_local', severity: 'missing', localId: null });
    expect(result.unreadable).toBe(1);
    // an edit here alone, EasyCars unchanged: outdated
    const edited = await compare({
      feed: [a],
      locals: [{ ...sa.local, colour: 'Red' }],
      states: [sa.state],
    });
    expect(edited.discrepancies).toEqual([expect.objectContaining({ severity: 'outdated' })]);
  });

  it('counts an unlisted vehicle still advertised as missing here, and two items of one identity as unreadable', async () => {
    const sa = synced(a, 1);
    const result = await compare({
      feed: [a, b, { ...b }],
      locals: [{ ...sa.local, listingStatus: 'unlisted' }],
      states: [sa.state],
    });
    expect(result.discrepancies).toEqual([
      expect.objectContaining({ externalKey: '100::1', category: 'missing_local', localId: 'doc1' }),
    ]);
    expect(result.unreadable).toBe(2);
  });

  it('hands what it finds over segment by segment in feed order, and takes back an identity claimed again later', async () => {
    const sa = synced(a, 1);
    const sb = synced(b, 2);
    const feed = [
      { ...a, Price: 21000 },
      rawStockItem({ StockNumber: '4' }),
      { ...b, Price: 31000 },
      rawStockItem({ StockNumber: '5' }),
      // a second item of stock number 4, after its discrepancy was handed over
      rawStockItem({ StockNumber: '4', Price: 1 }),
    ];
    const handovers: string[][] = [];
    const read: number[] = [];
    const result = await compare(
      { feed, locals: [sa.local, sb.local], states: [sa.state, sb.state], segment: 2 },
      read,
      handovers
    );
    expect(handovers).toEqual([['100::1', '100::4'], ['100::2', '100::5'], ['-100::4']]);
    expect(read).toEqual([1, 2]);
    expect(result.discrepancies.map((d) => d.externalKey)).toEqual(['100::1', '100::2', '100::5']);
    expect(result.unreadable).toBe(2);
    expect(result.compared).toBe(3);
  });

  it('takes back an identity claimed again while its segment is still being stored', async () => {
    const feed = [
      rawStockItem({ StockNumber: '4' }),
      rawStockItem({ StockNumber: '5' }),
      // the segment of 4 and 5 is being stored (a slow sink) when these come
      rawStockItem({ StockNumber: '4', Price: 1 }),
      rawStockItem({ StockNumber: '6' }),
    ];
    const handovers: string[][] = [];
    const result = await compare({ feed, locals: [], states: [], segment: 2, storeMs: 20 }, [], handovers);
    expect(handovers).toEqual([['100::4', '100::5'], ['100::6'], ['-100::4']]);
    expect(result.discrepancies.map((d) => d.externalKey)).toEqual(['100::5', '100::6']);
    expect(result.unreadable).toBe(2);
  });

  it('fails with the error of a segment it could not store, however far the comparison got', async () => {
    const feed = [1, 2, 3, 4, 5].map((n) => rawStockItem({ StockNumber: String(n) }));
    let adds = 0;
    const comparing = compareVehicles({
      connectionId: CONNECTION,
      feed,
      locals: [],
      states: [],
      readVehicles: async () => [],
      sink: {
        add: async () => {
          adds += 1;
          throw new Error('the database went away');
        },
        retract: async () => {},
      },
      segment: 2,
    });
    await expect(comparing).rejects.toThrow('the database went away');
    // nothing more was handed over once a segment failed
    expect(adds).toBe(1);
  });

  it('mutes a discrepancy with the same fingerprint only', async () => {
    const sa = synced(a, 1);
    const run = async (price: number) =>
      (
        await compare({
          feed: [{ ...a, Price: price }],
          locals: [sa.local],
          states: [sa.state],
        })
      ).discrepancies;
    const [first] = await run(21000);
    const mutes = new Map([[muteKey('vehicle', 'mismatch', first.recordKey), new Set([first.fingerprint])]]);
    expect(applyMutes(await run(21000), mutes)).toEqual({ listed: [], muted: [first] });
    expect(applyMutes(await run(22000), mutes).listed).toHaveLength(1);
  });
});

describe('leads', () => {
  const lead = (overrides: Partial<LeadRow>): LeadRow => ({
    id: 1,
    documentId: 'lead1',
    name: 'Jo Bloggs',
    email: 'jo@example.com',
    interest: 'buy',
    status: 'new',
    pushStatus: 'pushed',
    easycarsLeadNumber: '000001',
    ...overrides,
  });
  const detail = (overrides: Record<string, unknown> = {}): any => ({
    LeadNumber: '000001',
    CustomerName: 'Jo Bloggs',
    CustomerEmail: 'jo@example.com',
    VehicleInterest: 1,
    FinanceStatus: null,
    Rating: null,
    ExternalID: 'lead1',
    ...overrides,
  });
  const reads = (entries: Array<[string, LeadRead]>) => new Map(entries);

  it('compares status only when EasyCars reports it', () => {
    const read: LeadRead = { found: true, detail: detail({ LeadStatus: 30 }) };
    const input = { locals: [lead({})], reads: reads([['000001', read]]), walkFound: [], bases: new Map() };
    expect(compareLeads({ ...input, statusReported: false })).toEqual([]);
    expect(compareLeads({ ...input, statusReported: true })).toEqual([
      expect.objectContaining({
        category: 'mismatch',
        severity: 'outdated',
        fields: [{ field: 'status', local: 'new', remote: 'in-progress' }],
      }),
    ]);
  });

  it('is conflicting when both sides left the base on one field', () => {
    const base = new Map([['000001', { name: 'Jo Bloggs', email: 'jo@example.com', phone: '1', interest: 'buy' }]]);
    const read: LeadRead = { found: true, detail: detail({ CustomerPhone: '2' }) };
    const [found] = compareLeads({
      locals: [lead({ phone: '3' })],
      reads: reads([['000001', read]]),
      walkFound: [],
      bases: base,
      statusReported: false,
    });
    expect(found).toMatchObject({ severity: 'conflicting', fields: [{ field: 'phone', local: '3', remote: '2' }] });
  });

  it('finds leads missing on either side', () => {
    const found = compareLeads({
      locals: [
        lead({}),
        lead({ id: 2, documentId: 'lead2', easycarsLeadNumber: null, pushStatus: 'failed', pushLastError: 'refused' }),
        lead({ id: 3, documentId: 'lead3', easycarsLeadNumber: null, pushStatus: 'pushing' }),
      ],
      reads: reads([['000001', { found: false, reason: 'unknown' }]]),
      walkFound: [detail({ LeadNumber: '000007', ExternalID: null, CustomerEmail: 'walkin@example.com' })],
      bases: new Map(),
      statusReported: false,
    });
    expect(found.map((d) => [d.category, d.externalKey, d.localId])).toEqual([
      ['missing_local', '000007', null],
      ['missing_remote', '000001', 'lead1'],
      ['missing_remote', null, 'lead2'],
    ]);
    expect(found[2].recordKey).toBe('local:lead2');
  });

  it('links a lead found by the walk to the local lead it was created from', () => {
    const [found] = compareLeads({
      locals: [lead({ easycarsLeadNumber: null, pushStatus: 'failed' })],
      reads: reads([]),
      walkFound: [detail({ LeadNumber: '000004' })],
      bases: new Map(),
      statusReported: false,
    });
    expect(found).toMatchObject({
      category: 'mismatch',
      localId: 'lead1',
      fields: [{ field: 'easycarsLeadNumber', local: null, remote: '000004' }],
    });
  });
});

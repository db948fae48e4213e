/**
 * The comparison itself, without the database (the site's rows that may differ are asked for through a function):
 * EasyCars' side and the site's side of one connection in, the discrepancies out. Vehicles are read exactly as the stock sync reads them (same normaliser, mapper and hashes), so
 * "they agree" here means "a sync would change nothing".
 */
import { createHash } from 'crypto';
import type {
  DiscrepancyCategory,
  DiscrepancyEntity,
  DiscrepancyField,
  DiscrepancySeverity,
} from '../../../shared/contracts/reconciliation';
import { canonicalJson, changedFields } from '../sync/compare';
import { hashStockItem, hashVehicleData, identityKey } from '../sync/stock/hash';
import { MAPPED_VEHICLE_FIELDS, toVehicleData } from '../sync/stock/map';
import { normaliseStockItem } from '../sync/stock/normalise';

/** A discrepancy as the comparison finds it, before it is stored. */
export interface FoundDiscrepancy {
  entity: DiscrepancyEntity;
  category: DiscrepancyCategory;
  severity: DiscrepancySeverity;
  externalKey: string | null;
  localId: string | null;
  /** What Ignore remembers the record by: the EasyCars key, or the local document of a lead never pushed. */
  recordKey: string;
  label: string;
  fields: DiscrepancyField[];
  /** Lower-case identifiers for the search (stock number, VIN, rego; lead number, e-mail). */
  searchText: string;
  /** The values this is about, hashed: the same difference again has the same fingerprint. */
  fingerprint: string;
}

/** A site vehicle of the connection: its synced attributes and how it is listed. */
export type LocalVehicle = Record<string, unknown> & {
  id: number;
  documentId: string;
  listingStatus: string | null;
  stockNumber: string | null;
  yardCode: string | null;
};

/** The fields a missing vehicle is shown by. */
const VEHICLE_SUMMARY = ['stockNumber', 'yardCode', 'title', 'vin', 'rego', 'price'] as const;

/**
 * What the comparison keeps of a site vehicle while the feed is read: what a missing vehicle is shown and searched
 * by, and the hash of its mapped fields (what the record state's localHash is made of). 50,000 whole rows held at
 * once are hundreds of MB; the few that differ from EasyCars are read again in full (`readVehicles`).
 */
export type LocalVehicleEntry = Pick<LocalVehicle, 'id' | 'documentId' | 'listingStatus' | 'stockNumber' | 'yardCode'> &
  Record<(typeof VEHICLE_SUMMARY)[number], unknown> & { hash: string };

export function localVehicleEntry(row: LocalVehicle): LocalVehicleEntry {
  return {
    id: row.id,
    documentId: row.documentId,
    listingStatus: row.listingStatus,
    stockNumber: row.stockNumber,
    yardCode: row.yardCode,
    title: row.title,
    vin: row.vin,
    rego: row.rego,
    price: row.price,
    hash: hashVehicleData(row, MAPPED_VEHICLE_FIELDS),
  };
}

/** What the record state remembers of a vehicle (the base of the three-way question). */
export interface VehicleState {
  externalKey: string;
  localId: string | null;
  remoteHash: string | null;
  localHash: string | null;
}

export interface VehicleComparison {
  /** Items of the feed compared (read, and of one identity each). */
  compared: number;
  /** Items that could not be read, or that claim one identity twice. */
  unreadable: number;
}

/**
 * Where the comparison hands what it finds, as it finds it: `add` takes discrepancies in feed order, a few hundred
 * at a time (60,000 of them held until the end are hundreds of MB); `retract` takes the identities of some already
 * added that turned out to be claimed by two items of the feed (unreadable after all).
 */
export interface DiscrepancySink {
  add(found: FoundDiscrepancy[]): Promise<void>;
  retract(keys: string[]): Promise<void>;
}

export function fingerprintOf(category: DiscrepancyCategory, values: unknown): string {
  return createHash('sha256')
    .update(`${category}\n${canonicalJson(values)}`)
    .digest('hex');
}

const lower = (...values: unknown[]) =>
  values
    .filter((v) => typeof v === 'string' && v !== '')
    .map((v) => (v as string).toLowerCase())
    .join(' ');

const vehicleLabel = (row: Record<string, unknown>) =>
  [row.stockNumber, row.title].filter((v) => typeof v === 'string' && v !== '').join(' · ');

/**
 * How many feed items in a row may wait for their verdict (a discrepancy, or a row to read again in full) before
 * they are settled and handed to the sink: one `id IN …` read and one insert per segment at most. What a segment
 * holds outlives the young generation's collections: with all of 50,000 vehicles differing, segments of 1,000 grew
 * the heap 580 MB while comparing them (the reconciliation took 32 s), segments of 200 about 100 MB (27 s); at 100
 * the extra queries cost more than they save.
 */
const SEGMENT = 200;

/** A feed item that may not agree: what it found, or what it is compared with once its row is read in full. */
interface Pending {
  found: FoundDiscrepancy | null;
  compare?: { local: LocalVehicleEntry; remote: Record<string, unknown>; remoteHash: string };
}

/**
 * Vehicles: `feed` is the GetAdvertisementStocks list as sent, read item by item (each item can be dropped once
 * compared: 50,000 of them parsed at once are hundreds of MB). A listed vehicle missing from the feed is
 * `missing_remote`; an item without a listed vehicle here (none, deleted, or unlisted) is `missing_local`; both
 * sides with a differing mapped field is a `mismatch`, `conflicting` when the site was edited since the last sync
 * and EasyCars changed too, `outdated` otherwise.
 *
 * The site's side comes as entries (see LocalVehicleEntry). A listed vehicle whose hash equals that of the item's
 * mapped data agrees with it: equal hashes mean equal canonical values field by field, which is what
 * `changedFields` compares. The others wait, in segments of the feed, until their rows are read in full through
 * `readVehicles` (ids in, rows out, any order) and compared field by field; each segment's discrepancies then go
 * to the sink, so only one segment of EasyCars' data and of findings is held at a time.
 */
export async function compareVehicles(input: {
  connectionId: string;
  feed: Iterable<unknown>;
  locals: LocalVehicleEntry[];
  states: VehicleState[];
  readVehicles: (ids: number[]) => Promise<LocalVehicle[]>;
  sink: DiscrepancySink;
  segment?: number;
}): Promise<VehicleComparison> {
  const { connectionId, sink } = input;
  const segmentSize = input.segment ?? SEGMENT;
  let unreadable = 0;

  // the site's vehicles by identity: through the record state, else by their own yard and stock number
  const localsById = new Map(input.locals.map((row) => [row.documentId, row]));
  const stateByKey = new Map(input.states.map((s) => [s.externalKey, s]));
  const localByKey = new Map<string, LocalVehicleEntry>();
  const claimed = new Set<string>();
  for (const state of input.states) {
    const row = state.localId ? localsById.get(state.localId) : undefined;
    if (!row) continue;
    localByKey.set(state.externalKey, row);
    claimed.add(row.documentId);
  }
  localsById.clear();
  for (const row of input.locals) {
    if (claimed.has(row.documentId) || !row.stockNumber) continue;
    const key = identityKey(row.yardCode, row.stockNumber);
    if (!localByKey.has(key)) localByKey.set(key, row);
  }
  claimed.clear();

  // the feed by identity, compared as it is read. A key claimed by two items or more is unreadable, whatever the
  // first one found: dropped while its segment waits, retracted once handed over. Keys seen on unreadable items
  // still count as "in EasyCars".
  const seen = new Set<string>();
  const claims = new Map<string, number>();
  const handed = new Set<string>();
  const retracted: string[] = [];
  let segment = new Map<string, Pending>();

  /** A segment's verdicts: its rows that may differ read in full and compared, what it found handed to the sink. */
  const handOver = async (waiting: Map<string, Pending>) => {
    const toRead = [...waiting.values()].flatMap((p) => (p.compare ? [p.compare.local.id] : []));
    if (toRead.length > 0) {
      const rows = new Map((await input.readVehicles(toRead)).map((row) => [row.id, row]));
      for (const [key, pending] of waiting) {
        if (!pending.compare) continue;
        const { local, remote, remoteHash } = pending.compare;
        const row = rows.get(local.id);
        // deleted since it was first read: nothing left here to compare with
        pending.found = row ? mismatch(key, row, local.hash, remote, remoteHash, stateByKey.get(key)) : null;
      }
    }
    const found: FoundDiscrepancy[] = [];
    for (const pending of waiting.values()) if (pending.found) found.push(pending.found);
    if (found.length > 0) await sink.add(found);
  };
  // The segment handed over last is read and stored while the next one is compared, one segment at a time: with
  // every vehicle differing, a third of a reconciliation on PostgreSQL was spent waiting for those two statements.
  let inFlight: Promise<void> = Promise.resolve();
  const settle = async () => {
    await inFlight;
    const waiting = segment;
    segment = new Map();
    // handed over from now on: an identity claimed again later is taken back, whatever the segment finds
    for (const key of waiting.keys()) handed.add(key);
    inFlight = handOver(waiting);
    // a failure is thrown where it is awaited (the next segment, or the end), not reported as unhandled meanwhile
    inFlight.catch(() => {});
  };

  for (const raw of input.feed) {
    const result = normaliseStockItem(raw);
    if (!result.ok) {
      unreadable += 1;
      if (result.stockNumber) seen.add(identityKey(result.yardCode, result.stockNumber));
      continue;
    }
    const key = identityKey(result.item.YardCode || null, result.item.StockNumber);
    seen.add(key);
    const count = claims.get(key);
    if (count !== undefined) {
      claims.set(key, count + 1);
      if (!segment.delete(key) && handed.delete(key)) retracted.push(key);
      continue;
    }
    claims.set(key, 1);
    const item = result.item;
    const local = localByKey.get(key);
    const remote = toVehicleData(item, connectionId) as unknown as Record<string, unknown>;
    if (!local || local.listingStatus !== 'listed') {
      segment.set(key, { found: missingLocal(key, remote, hashStockItem(item), local) });
    } else if (hashVehicleData(remote, MAPPED_VEHICLE_FIELDS) !== local.hash) {
      segment.set(key, { found: null, compare: { local, remote, remoteHash: hashStockItem(item) } });
    }
    if (segment.size >= segmentSize) await settle();
  }
  await settle();
  await inFlight;
  handed.clear();
  if (retracted.length > 0) await sink.retract(retracted);

  let compared = 0;
  for (const count of claims.values()) {
    if (count > 1) unreadable += count;
    else compared += 1;
  }
  claims.clear();

  let missing: FoundDiscrepancy[] = [];
  for (const [key, local] of localByKey) {
    if (local.listingStatus !== 'listed' || seen.has(key)) continue;
    missing.push({
      entity: 'vehicle',
      category: 'missing_remote',
      severity: 'missing',
      externalKey: key,
      localId: local.documentId,
      recordKey: key,
      label: vehicleLabel(local),
      fields: VEHICLE_SUMMARY.map((field) => ({ field, local: local[field] ?? null, remote: null })),
      searchText: lower(local.stockNumber, local.vin, local.rego),
      fingerprint: fingerprintOf('missing_remote', local.hash),
    });
    if (missing.length >= segmentSize) {
      await sink.add(missing);
      missing = [];
    }
  }
  if (missing.length > 0) await sink.add(missing);
  return { compared, unreadable };
}

/** An item (the only one of its identity) without a listed site vehicle of that identity. */
function missingLocal(
  key: string,
  remote: Record<string, unknown>,
  remoteHash: string,
  local: LocalVehicleEntry | undefined
): FoundDiscrepancy {
  const fields: DiscrepancyField[] = VEHICLE_SUMMARY.map((field) => ({
    field,
    local: local ? (local[field] ?? null) : null,
    remote: remote[field] ?? null,
  }));
  if (local) fields.push({ field: 'listingStatus', local: local.listingStatus, remote: 'listed' });
  return {
    entity: 'vehicle',
    category: 'missing_local',
    severity: 'missing',
    externalKey: key,
    localId: local?.documentId ?? null,
    recordKey: key,
    label: vehicleLabel(remote),
    fields,
    searchText: lower(remote.stockNumber, remote.vin, remote.rego),
    fingerprint: fingerprintOf('missing_local', { remoteHash, local: local?.listingStatus ?? null }),
  };
}

/** A listed site vehicle, in full, against the item of its identity: null when no mapped field differs. */
function mismatch(
  key: string,
  local: LocalVehicle,
  localHash: string,
  remote: Record<string, unknown>,
  remoteHash: string,
  state: VehicleState | undefined
): FoundDiscrepancy | null {
  const differing = changedFields(local, remote, MAPPED_VEHICLE_FIELDS);
  if (differing.length === 0) return null;
  const editedHere = !state || localHash !== state.localHash;
  const changedThere = !state || state.remoteHash !== remoteHash;
  const fields = differing.map((field) => ({ field, local: local[field] ?? null, remote: remote[field] ?? null }));
  return {
    entity: 'vehicle',
    category: 'mismatch',
    severity: state && editedHere && changedThere ? 'conflicting' : 'outdated',
    externalKey: key,
    localId: local.documentId,
    recordKey: key,
    label: vehicleLabel(local),
    fields,
    searchText: lower(local.stockNumber, local.vin, local.rego, remote.vin, remote.rego),
    fingerprint: fingerprintOf('mismatch', fields),
  };
}

/** Ignored discrepancies by record: the fingerprints muted for it. */
export type Mutes = Map<string, Set<string>>;

export const muteKey = (entity: DiscrepancyEntity, category: DiscrepancyCategory, recordKey: string) =>
  `${entity}|${category}|${recordKey}`;

/** Splits what was found into what is listed and what is muted (same record, same values as when ignored). */
export function applyMutes(
  found: FoundDiscrepancy[],
  mutes: Mutes
): { listed: FoundDiscrepancy[]; muted: FoundDiscrepancy[] } {
  const listed: FoundDiscrepancy[] = [];
  const muted: FoundDiscrepancy[] = [];
  for (const d of found) {
    if (mutes.get(muteKey(d.entity, d.category, d.recordKey))?.has(d.fingerprint)) muted.push(d);
    else listed.push(d);
  }
  return { listed, muted };
}

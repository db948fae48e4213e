/**
 * Classifies a fetched feed against the record state of a connection, without touching the database:
 * which vehicles to create, which changed, which came back, which vanished, which items failed.
 */
import type { StockFeedItem } from '../../easycars/stock-list';
import { hashStockItem, identityKey } from './hash';
import { NORMALISATION_VERSION, normaliseStockItem, type NormalisedStockItem } from './normalise';

/** What the sync remembers of one vehicle between runs (the light columns only). */
export interface RecordStateRow {
  id: number;
  externalKey: string;
  localId: string | null;
  remoteHash: string | null;
  /** `remoteDigest()` of the item text last synced; null until a run wrote one. */
  remoteDigest: string | null;
  /** As the database returns it (a date, text or a number, by dialect): only whether it is set counts. */
  vanishedSince: string | number | Date | null;
}

export interface PlannedItem {
  key: string;
  item: NormalisedStockItem;
  hash: string;
  /** The digest of the item's text, null when the answer was read as a whole. */
  digest: string | null;
}

/** A listed vehicle EasyCars sent again unchanged: only its key and record state are kept. */
export interface UnchangedItem {
  key: string;
  state: RecordStateRow;
}

export interface FailedItem {
  key: string | null;
  error: string;
  raw: unknown;
}

export interface StockPlan {
  fetched: number;
  creates: PlannedItem[];
  /** Known vehicles whose EasyCars data changed (and may also be unlisted now: then relisted). */
  changes: Array<PlannedItem & { state: RecordStateRow }>;
  /** Known, unlisted vehicles back in the feed unchanged. */
  relists: Array<PlannedItem & { state: RecordStateRow }>;
  /** Listed vehicles missing from the feed. */
  vanished: RecordStateRow[];
  /** Known, listed, unchanged vehicles: no write, unless edited locally. */
  unchanged: UnchangedItem[];
  /**
   * Unchanged vehicles whose record state does not hold this item's digest (written in other words, or read under
   * another version): only the digest is written, so that the next run need not read them.
   */
  digests: Array<{ state: RecordStateRow; digest: string }>;
  failed: FailedItem[];
  /** Vehicles currently listed (before this run). */
  listedBefore: number;
}

/** What the record state keeps of an item's digest: the digest under the current way of reading items. */
export function remoteDigest(digest: string): string {
  return `${NORMALISATION_VERSION}:${digest}`;
}

/**
 * Listed vehicles by the digest of the item they were last synced from, read under the current version (the digest
 * alone, without the version `remoteDigest` adds): an item with that digest is byte for byte the one applied then,
 * so it is unchanged without being read. Unlisted vehicles are left out (they come back through the full path, to be
 * relisted).
 */
export function statesByDigest(states: RecordStateRow[]): Map<string, RecordStateRow> {
  const current = remoteDigest('');
  const byDigest = new Map<string, RecordStateRow>();
  for (const state of states) {
    const kept = state.remoteDigest;
    if (kept && state.localId && !state.vanishedSince && kept.startsWith(current)) {
      byDigest.set(kept.slice(current.length), state);
    }
  }
  return byDigest;
}

/**
 * One item of the feed under its identity, before duplicates are known. An item known by its digest is the vehicle
 * of `state` and is not read (`entry` reads it if it turns out to be a duplicate); the others are read (`item`).
 */
interface Candidate {
  key: string;
  digest: string | null;
  item?: NormalisedStockItem;
  state?: RecordStateRow;
  entry?: StockFeedItem & { known: true };
}

/**
 * `byDigest`: `statesByDigest(states)`, when the caller has it already (it decided with it which items to leave
 * unread).
 */
export function planStockSync(
  feed: StockFeedItem[],
  states: RecordStateRow[],
  byDigest: Map<string, RecordStateRow> = statesByDigest(states)
): StockPlan {
  // one candidate per key; a second one for a key moves them all to `duplicates` (most feeds have none)
  const candidates = new Map<string, Candidate>();
  const duplicates = new Map<string, Candidate[]>();
  const failed: FailedItem[] = [];
  /** Keys of items that failed: such vehicles are not "vanished" either. */
  const failedKeys = new Set<string>();
  const add = (candidate: Candidate) => {
    const first = candidates.get(candidate.key);
    if (!first) return void candidates.set(candidate.key, candidate);
    const group = duplicates.get(candidate.key);
    if (group) group.push(candidate);
    else duplicates.set(candidate.key, [first, candidate]);
  };

  for (const entry of feed) {
    const state = entry.known ? byDigest.get(entry.digest) : undefined;
    if (entry.known && state) {
      add({ key: state.externalKey, digest: entry.digest, state, entry });
      continue;
    }
    const raw = entry.known ? entry.read() : entry.value;
    const result = normaliseStockItem(raw);
    if (!result.ok) {
      const key = result.stockNumber ? identityKey(result.yardCode, result.stockNumber) : null;
      if (key) failedKeys.add(key);
      failed.push({ key, error: result.error, raw });
      continue;
    }
    add({
      key: identityKey(result.item.YardCode || null, result.item.StockNumber),
      digest: entry.digest,
      item: result.item,
    });
  }

  const byKey = new Map<string, RecordStateRow>();
  let listedBefore = 0;
  for (const state of states) {
    byKey.set(state.externalKey, state);
    if (!state.vanishedSince) listedBefore += 1;
  }
  const plan: StockPlan = {
    fetched: feed.length,
    creates: [],
    changes: [],
    relists: [],
    vanished: [],
    unchanged: [],
    digests: [],
    failed,
    listedBefore,
  };

  for (const { key, item, digest, state: known } of candidates.values()) {
    const group = duplicates.get(key);
    if (group) {
      // Two items claim one identity: which is right cannot be known, so neither is applied.
      const [yard, stockNumber] = key.split('::');
      for (const candidate of group) {
        plan.failed.push({
          key,
          error: `Stock number ${stockNumber}${yard ? ` at yard ${yard}` : ''} appears ${group.length} times in the feed; the vehicle was left as it was`,
          raw: candidate.item ?? readKnown(candidate.entry!.read()),
        });
      }
      continue;
    }
    if (!item) {
      // known by its digest (the entry itself is not kept: it holds the whole answer's bytes)
      plan.unchanged.push({ key, state: known! });
      continue;
    }
    const entry: PlannedItem = { key, item, digest, hash: hashStockItem(item) };
    const state = byKey.get(key);
    if (!state || !state.localId) plan.creates.push(entry);
    else if (state.remoteHash !== entry.hash) plan.changes.push({ ...entry, state });
    else if (state.vanishedSince) plan.relists.push({ ...entry, state });
    else {
      plan.unchanged.push({ key, state });
      if (digest && state.remoteDigest !== remoteDigest(digest)) plan.digests.push({ state, digest });
    }
  }

  for (const state of states) {
    if (state.vanishedSince || !state.localId) continue;
    if (!candidates.has(state.externalKey) && !failedKeys.has(state.externalKey)) plan.vanished.push(state);
  }
  return plan;
}

/** An item known by its digest, read after all: what a failed item of the run shows of it. */
function readKnown(raw: unknown): unknown {
  const result = normaliseStockItem(raw);
  return result.ok ? result.item : raw;
}

/**
 * The safety stop: an empty feed while vehicles are listed, or a feed that would unlist more than `maxShare` of
 * them, is more likely an EasyCars or account problem than a sold-out yard. Returns the reason, or null.
 */
export function safetyStopReason(plan: StockPlan, maxShare: number): string | null {
  if (plan.listedBefore === 0) return null;
  if (plan.fetched === 0) {
    return (
      `EasyCars returned an empty stock list while ${plan.listedBefore} vehicles are listed. ` +
      'Nothing was changed. If the dealership really has no stock, run the sync again with "force".'
    );
  }
  const share = plan.vanished.length / plan.listedBefore;
  if (share > maxShare) {
    const pct = (n: number) => `${Math.round(n * 100)}%`;
    return (
      `This feed would unlist ${plan.vanished.length} of ${plan.listedBefore} listed vehicles (${pct(share)}), ` +
      `more than the ${pct(maxShare)} safety limit. Nothing was changed. If this is expected, run the sync again with "force".`
    );
  }
  return null;
}

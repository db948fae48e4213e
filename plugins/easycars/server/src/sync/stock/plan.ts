/**
 * Classifies a fetched feed against the record state of a connection, without touching the database:
 * which vehicles to create, which changed, which came back, which vanished, which items failed.
 */
import { hashStockItem, identityKey } from './hash';
import { normaliseStockItem, type NormalisedStockItem } from './normalise';

/** What the sync remembers of one vehicle between runs (the light columns only). */
export interface RecordStateRow {
  id: number;
  externalKey: string;
  localId: string | null;
  remoteHash: string | null;
  vanishedSince: string | Date | null;
}

export interface PlannedItem {
  key: string;
  item: NormalisedStockItem;
  hash: string;
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
  unchanged: Array<PlannedItem & { state: RecordStateRow }>;
  failed: FailedItem[];
  /** Vehicles currently listed (before this run). */
  listedBefore: number;
}

export function planStockSync(feed: unknown[], states: RecordStateRow[]): StockPlan {
  const normalised = new Map<string, PlannedItem[]>();
  const failed: FailedItem[] = [];
  /** Keys seen in the feed, even on items that failed: such vehicles are not "vanished". */
  const seenKeys = new Set<string>();

  for (const raw of feed) {
    const result = normaliseStockItem(raw);
    if (!result.ok) {
      const key = result.stockNumber ? identityKey(result.yardCode, result.stockNumber) : null;
      if (key) seenKeys.add(key);
      failed.push({ key, error: result.error, raw });
      continue;
    }
    const key = identityKey(result.item.YardCode || null, result.item.StockNumber);
    seenKeys.add(key);
    const group = normalised.get(key) ?? [];
    group.push({ key, item: result.item, hash: '' });
    normalised.set(key, group);
  }

  const byKey = new Map(states.map((s) => [s.externalKey, s]));
  const plan: StockPlan = {
    fetched: feed.length,
    creates: [],
    changes: [],
    relists: [],
    vanished: [],
    unchanged: [],
    failed,
    listedBefore: states.filter((s) => !s.vanishedSince).length,
  };

  for (const [key, group] of normalised) {
    if (group.length > 1) {
      // Two items claim one identity: which is right cannot be known, so neither is applied.
      const [yard, stockNumber] = key.split('::');
      for (const entry of group) {
        plan.failed.push({
          key,
          error: `Stock number ${stockNumber}${yard ? ` at yard ${yard}` : ''} appears ${group.length} times in the feed; the vehicle was left as it was`,
          raw: entry.item,
        });
      }
      continue;
    }
    const entry = group[0];
    entry.hash = hashStockItem(entry.item);
    const state = byKey.get(key);
    if (!state || !state.localId) plan.creates.push(entry);
    else if (state.remoteHash !== entry.hash) plan.changes.push({ ...entry, state });
    else if (state.vanishedSince) plan.relists.push({ ...entry, state });
    else plan.unchanged.push({ ...entry, state });
  }

  for (const state of states) {
    if (!state.vanishedSince && state.localId && !seenKeys.has(state.externalKey)) plan.vanished.push(state);
  }
  return plan;
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

import { InputError } from './errors';
import { Rng } from './random';
import type { AccountState } from './state';

export interface MutateResult {
  updated: number;
  removed: number;
  added: number;
  total: number;
}

interface Selector {
  StockNumber: string;
  YardCode?: string;
}

type Item = Record<string, unknown>;

function isItem(value: unknown): value is Item {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function selector(value: unknown, where: string): Selector {
  if (!isItem(value) || typeof value.StockNumber !== 'string')
    throw new InputError(`${where} needs a StockNumber string`);
  if (value.YardCode !== undefined && typeof value.YardCode !== 'string')
    throw new InputError(`${where}.YardCode must be a string`);
  return { StockNumber: value.StockNumber, YardCode: value.YardCode as string | undefined };
}

function selects(item: unknown, s: Selector): item is Item {
  return (
    isItem(item) && item.StockNumber === s.StockNumber && (s.YardCode === undefined || item.YardCode === s.YardCode)
  );
}

function optionalArray(body: Item, field: string): unknown[] {
  const value = body[field];
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new InputError(`${field} must be an array`);
  return value;
}

/** A new price for a share of the stock: reproducible because the stream is named after the mutation count. */
function changePrices(items: unknown[], share: number, rng: Rng): number {
  const candidates = items.map((item, index) => (isItem(item) ? index : -1)).filter((index) => index >= 0);
  const chosen = rng.shuffle(candidates).slice(0, Math.round(share * candidates.length));
  for (const index of chosen) {
    const item = items[index] as Item;
    const old = item.Price;
    let price =
      typeof old === 'number'
        ? old + rng.pick([-3000, -2000, -1000, -500, 500, 1000, 2000])
        : rng.int(30, 120) * 500 - 10;
    if (price <= 0 || price === old) price = (typeof old === 'number' ? old : 0) + 1000;
    items[index] = { ...item, Price: price };
  }
  return chosen.length;
}

/** Applies, in order: update, remove, add (verbatim), generate, changeShare. */
export function mutateStock(account: AccountState, input: unknown, seed: number): MutateResult {
  if (!isItem(input)) throw new InputError('body must be a JSON object');
  const updates = optionalArray(input, 'update').map((u, i) => {
    const s = selector(u, `update[${i}]`);
    const changes = (u as Item).changes;
    if (!isItem(changes)) throw new InputError(`update[${i}].changes must be an object`);
    return { s, changes };
  });
  const removals = optionalArray(input, 'remove').map((r, i) => selector(r, `remove[${i}]`));
  const additions = optionalArray(input, 'add');
  const generate = input.generate ?? 0;
  if (typeof generate !== 'number' || !Number.isInteger(generate) || generate < 0 || generate > 100000) {
    throw new InputError('generate must be a whole number from 0 to 100000');
  }
  const share = input.changeShare ?? 0;
  if (typeof share !== 'number' || !(share >= 0 && share <= 1))
    throw new InputError('changeShare must be a number from 0 to 1');

  let items = [...account.stock];
  let updated = 0;
  for (const { s, changes } of updates) {
    items = items.map((item) => {
      if (!selects(item, s)) return item;
      updated += 1;
      return { ...item, ...changes };
    });
  }
  const before = items.length;
  items = items.filter((item) => !removals.some((s) => selects(item, s)));
  const removed = before - items.length;
  items.push(...additions);
  if (generate > 0) items.push(...account.generateMore(generate, items));
  if (share > 0)
    updated += changePrices(items, share, Rng.derive(seed, `prices:${account.profile.name}:${account.mutations}`));

  account.mutations += 1;
  account.setStock(items);
  return { updated, removed, added: additions.length + generate, total: items.length };
}

/**
 * Website leads posted in bursts, with the lead schedule off: each must reach EasyCars through the run its creation
 * asked for (or a later one it asked for again), never by waiting for a schedule.
 */
import type { Core } from '@strapi/strapi';
import { stockVehicleOf } from '../helpers/lead-runs';
import { control, stockOf, type Sandbox } from '../helpers/sandbox';
import { waitFor } from './helpers';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One stock vehicle for the form to link, like a vehicle page of the site. */
export async function aStockVehicle(strapi: Core.Strapi, sandbox: Sandbox): Promise<string> {
  const item = (await stockOf(sandbox)).find((i: any) => String(i.StockNumber).trim().length <= 20);
  return stockVehicleOf(strapi, item);
}

/**
 * `rounds` times: posts `perRound` form leads 0–100 ms apart through `post` (which picks an instance), then waits
 * until EasyCars has every lead posted so far. Returns the ids not in EasyCars when the wait gave up.
 */
export async function postBursts(options: {
  sandbox: Sandbox;
  post: (n: number, data: Record<string, unknown>) => Promise<string>;
  vehicle: string;
  rounds?: number;
  perRound?: number;
  deadlineMs?: number;
}): Promise<string[]> {
  const { sandbox, post, vehicle, rounds = 8, perRound = 3, deadlineMs = 30_000 } = options;
  const posted: string[] = [];
  let n = 0;
  for (let round = 0; round < rounds; round++) {
    const burst: Promise<string>[] = [];
    for (let i = 0; i < perRound; i++) {
      const k = n++;
      burst.push(post(k, { name: `Burst ${k}`, email: `burst.${k}@example.com`, vehicle }));
      await pause(Math.floor(Math.random() * 100));
    }
    posted.push(...(await Promise.all(burst)));
    const missing = () => inEasyCars(sandbox).then((have) => posted.filter((id) => !have.has(id)));
    try {
      await waitFor(async () => (await missing()).length === 0, 'every lead to reach EasyCars', deadlineMs);
    } catch {
      return missing();
    }
  }
  return [];
}

async function inEasyCars(sandbox: Sandbox): Promise<Set<string>> {
  const leads: any[] = await control(sandbox, 'GET', `/accounts/${sandbox.demo.AccountNumber}/leads`);
  return new Set(leads.map((l) => l.ExternalID));
}

/** Each lead exactly once in EasyCars. */
export async function externalIdsInEasyCars(sandbox: Sandbox): Promise<string[]> {
  const leads: any[] = await control(sandbox, 'GET', `/accounts/${sandbox.demo.AccountNumber}/leads`);
  return leads.map((l) => l.ExternalID).sort();
}

/** Posts the public form to a Strapi listening at `url`. */
export async function postForm(url: string, data: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${url}/api/leads`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ data }),
  });
  const body = (await res.json()) as any;
  if (res.status !== 201) throw new Error(`form: ${res.status} ${JSON.stringify(body)}`);
  return body.data.documentId;
}

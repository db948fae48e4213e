/** Lead runs for API tests: the real engine, run to its end in the test's own process. */
import type { Core } from '@strapi/strapi';
import { createEasyCarsClient, TokenCache } from '../../plugins/easycars/server/src/easycars';
import { runLeadSync } from '../../plugins/easycars/server/src/sync/lead/engine';
import type { Sandbox } from './sandbox';

/** Lead settings for a test: no run is asked for at creation and backoffs are long, unless the test says otherwise. */
export const setLeadSettings = (strapi: Core.Strapi, values: Record<string, unknown>) =>
  strapi.config.set('plugin::easycars.leads', { pushOnCreate: false, backoffBaseMs: 60_000, ...values });

/** One lead run of the connection; its row and (up to 200) items. */
export async function leadRun(strapi: Core.Strapi, connectionId: string) {
  const runs = strapi.plugin('easycars').service('runs');
  const run = await runs.create({ connectionId, kind: 'lead', direction: 'outbound', trigger: 'manual' });
  await runLeadSync(strapi, { runId: run.id, connectionId, kind: 'lead' }, { heartbeat: async () => {} });
  const detail = await runs.findOne(run.id);
  const items = await runs.items(run.id, { page: 1, pageSize: 200 });
  return { run: detail, items: items.data as any[] };
}

/** A site vehicle for a stock item of the sandbox, as a vehicle page of the site links it to a lead. */
export async function stockVehicleOf(
  strapi: Core.Strapi,
  item: { StockNumber: unknown; YardCode?: unknown },
  overrides: Record<string, unknown> = {}
): Promise<string> {
  const vehicle = await strapi.documents('api::vehicle.vehicle').create({
    data: {
      title: 'A stock vehicle',
      make: 'MAZDA',
      model: 'CX-5',
      year: 2022,
      category: 'car',
      condition: 'used',
      price: 31990,
      stockNumber: String(item.StockNumber).trim(),
      yardCode: item.YardCode,
      source: 'easycars',
      ...overrides,
    } as any,
  });
  return vehicle.documentId;
}

/** Leaves leads as a worker that died mid-push leaves them: claimed (`pushing`) since `startedAt`, one attempt made. */
export async function claimAsInterrupted(strapi: Core.Strapi, documentIds: string[], startedAt: Date) {
  await strapi.db.query('api::lead.lead').updateMany({
    where: { documentId: { $in: documentIds } },
    data: {
      pushStatus: 'pushing',
      pushStartedAt: startedAt,
      pushAttempts: 1,
      pushRecovery: { since: startedAt.toISOString(), floor: null },
    },
  });
}

/** The dealer, working in EasyCars with the same lead source as the sandbox connection (a token of its own). */
export function dealerOf(sandbox: Pick<Sandbox, 'url' | 'demo'>) {
  return createEasyCarsClient({
    environment: 'test',
    baseUrl: sandbox.url,
    tokenCache: new TokenCache(),
    credentials: {
      clientId: sandbox.demo.ClientID,
      clientSecret: sandbox.demo.ClientSecret,
      accountNumber: sandbox.demo.AccountNumber,
      accountSecret: sandbox.demo.AccountSecret,
    },
  });
}

/**
 * Indexes a stock sync's reads stand on, created at start when missing. Each is read alone, without the rows: a
 * vehicle row holds its description and a record state its snapshot, and walking those for ten thousand vehicles
 * was most of the database time of a re-sync.
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../../constants';
import { ensureIndexes } from '../../utils/tables';

export const STOCK_SYNC_INDEXES = [
  // vehicles saved since their last sync (the local edits a sync compares before it writes)
  {
    uid: UID.vehicle,
    name: 'easycars_vehicles_saved_since_sync',
    attributes: ['connectionId', 'updatedAt', 'syncedAt', 'documentId'],
  },
  // the light record state of a connection's vehicles (one read per sync), and how many are listed
  {
    uid: UID.recordState,
    name: 'easycars_states_light',
    attributes: [
      'connectionId',
      'entity',
      'vanishedSince',
      'id',
      'externalKey',
      'localId',
      'remoteHash',
      'remoteDigest',
    ],
  },
] as const;

export const ensureStockSyncIndexes = (strapi: Core.Strapi) => ensureIndexes(strapi, STOCK_SYNC_INDEXES);

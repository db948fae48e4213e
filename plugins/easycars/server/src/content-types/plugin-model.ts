import { SYNC_ENTITIES } from '../../../shared/contracts/sync';

/** What every model of the plugin shares: no drafts, and kept out of the Content Manager and the type builder. */
export const PLUGIN_MODEL = {
  options: { draftAndPublish: false },
  pluginOptions: {
    'content-manager': { visible: false },
    'content-type-builder': { visible: false },
  },
} as const;

/** Which record of which connection a row is about: the EasyCars key and, once known, the local document. */
export const RECORD_IDENTITY = {
  connectionId: { type: 'string', required: true },
  entity: { type: 'enumeration', enum: [...SYNC_ENTITIES], required: true },
  externalKey: { type: 'string', required: true },
  localId: { type: 'string' },
} as const;

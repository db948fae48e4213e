/** Content type schema; its enumerations are the contracts' lists, so server, admin and database agree. */
import { ENVIRONMENTS } from '../../../../shared/contracts/connections';
import { PLUGIN_MODEL } from '../plugin-model';

export default {
  kind: 'collectionType',
  collectionName: 'easycars_connections',
  info: {
    singularName: 'connection',
    pluralName: 'connections',
    displayName: 'EasyCars connection',
    description: 'An EasyCars account the site syncs with; credentials are encrypted at rest',
  },
  ...PLUGIN_MODEL,
  attributes: {
    name: {
      type: 'string',
      required: true,
      maxLength: 100,
    },
    environment: {
      type: 'enumeration',
      enum: [...ENVIRONMENTS],
      default: 'test',
      required: true,
    },
    baseUrl: {
      type: 'string',
      maxLength: 300,
    },
    clientId: {
      type: 'text',
      private: true,
    },
    clientSecret: {
      type: 'text',
      private: true,
    },
    accountNumber: {
      type: 'text',
      private: true,
    },
    accountSecret: {
      type: 'text',
      private: true,
    },
    clientIdHint: {
      type: 'string',
      maxLength: 8,
    },
    accountNumberHint: {
      type: 'string',
      maxLength: 8,
    },
    yardCode: {
      type: 'string',
      maxLength: 20,
    },
    enabled: {
      type: 'boolean',
      default: true,
    },
    stockSchedule: {
      type: 'string',
      default: '*/30 * * * *',
    },
    leadSchedule: {
      type: 'string',
      default: '*/15 * * * *',
    },
    // null: the `reconciliation.schedule` setting; "off": none (see connections/service.ts)
    reconciliationSchedule: {
      type: 'string',
    },
    lastTestedAt: {
      type: 'datetime',
    },
    lastTestOk: {
      type: 'boolean',
    },
    lastTestMessage: {
      type: 'string',
    },
  },
};

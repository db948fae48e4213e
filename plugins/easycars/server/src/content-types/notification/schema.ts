/** Content type schema of the in-app notifications; its kinds are the contract's. */
import { NOTIFICATION_KINDS } from '../../../../shared/contracts/notifications';
import { PLUGIN_MODEL } from '../plugin-model';

export default {
  kind: 'collectionType',
  collectionName: 'easycars_notifications',
  info: {
    singularName: 'notification',
    pluralName: 'notifications',
    displayName: 'EasyCars notification',
    description: 'What the plugin told administrators (in the admin, and by e-mail when recipients are set)',
  },
  ...PLUGIN_MODEL,
  attributes: {
    kind: { type: 'enumeration', enum: [...NOTIFICATION_KINDS], required: true },
    title: { type: 'string', required: true },
    body: { type: 'text' },
    runId: { type: 'integer' },
    connectionId: { type: 'string' },
    link: { type: 'string' },
    readAt: { type: 'datetime' },
    emailed: { type: 'boolean' },
    emailError: { type: 'text', private: true },
  },
  indexes: [{ name: 'easycars_notifications_read', columns: ['read_at'] }],
};

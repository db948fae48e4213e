/** Content type schema of the alert rules; its lists are the contract's. The state columns belong to evaluation. */
import { ALERT_SEVERITIES, ALERT_STATES, ALERT_TYPES } from '../../../../shared/contracts/alerts';
import { SYNC_KINDS } from '../../../../shared/contracts/sync';
import { PLUGIN_MODEL } from '../plugin-model';

export default {
  kind: 'collectionType',
  collectionName: 'easycars_alert_rules',
  info: {
    singularName: 'alert-rule',
    pluralName: 'alert-rules',
    displayName: 'EasyCars alert rule',
    description: 'A condition watched every minute and after each run, notified once when it starts and stops',
  },
  ...PLUGIN_MODEL,
  attributes: {
    name: { type: 'string', required: true },
    type: { type: 'enumeration', enum: [...ALERT_TYPES], required: true },
    connectionId: { type: 'string' },
    kind: { type: 'enumeration', enum: [...SYNC_KINDS] },
    threshold: { type: 'float', required: true },
    windowMinutes: { type: 'integer' },
    severity: { type: 'enumeration', enum: [...ALERT_SEVERITIES], required: true },
    recipients: { type: 'json', private: true },
    inApp: { type: 'boolean', default: true },
    enabled: { type: 'boolean', default: true },
    state: { type: 'enumeration', enum: [...ALERT_STATES], default: 'ok', required: true },
    stateSince: { type: 'datetime' },
    /** Bumped by every change of state: an instance changes the state only if it still holds the version it read. */
    stateVersion: { type: 'integer', default: 0, required: true },
    /** The event of the current firing, while the rule fires. */
    openEventId: { type: 'integer' },
    lastValue: { type: 'float' },
    lastEvaluatedAt: { type: 'datetime' },
  },
};

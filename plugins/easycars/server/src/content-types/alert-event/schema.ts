/** Content type schema of the alert events: one row per firing, closed by its recovery. */
import { ALERT_EVENT_STATUSES, ALERT_SEVERITIES, ALERT_TYPES } from '../../../../shared/contracts/alerts';
import { SYNC_KINDS } from '../../../../shared/contracts/sync';
import { PLUGIN_MODEL } from '../plugin-model';

export default {
  kind: 'collectionType',
  collectionName: 'easycars_alert_events',
  info: {
    singularName: 'alert-event',
    pluralName: 'alert-events',
    displayName: 'EasyCars alert event',
    description: 'An alert rule fired: when, at what figure, when it recovered and who acknowledged it',
  },
  ...PLUGIN_MODEL,
  attributes: {
    ruleId: { type: 'integer', required: true },
    ruleName: { type: 'string', required: true },
    type: { type: 'enumeration', enum: [...ALERT_TYPES], required: true },
    severity: { type: 'enumeration', enum: [...ALERT_SEVERITIES], required: true },
    connectionId: { type: 'string' },
    kind: { type: 'enumeration', enum: [...SYNC_KINDS] },
    status: { type: 'enumeration', enum: [...ALERT_EVENT_STATUSES], default: 'firing', required: true },
    value: { type: 'float' },
    threshold: { type: 'float', required: true },
    since: { type: 'datetime' },
    firedAt: { type: 'datetime', required: true },
    summary: { type: 'text' },
    link: { type: 'string' },
    recoveredAt: { type: 'datetime' },
    recoveredValue: { type: 'float' },
    closedReason: { type: 'string' },
    acknowledgedAt: { type: 'datetime' },
    acknowledgedById: { type: 'integer' },
    acknowledgedByName: { type: 'string', private: true },
  },
  indexes: [
    { name: 'easycars_alert_events_fired_at', columns: ['fired_at'] },
    { name: 'easycars_alert_events_rule', columns: ['rule_id', 'fired_at'] },
  ],
};

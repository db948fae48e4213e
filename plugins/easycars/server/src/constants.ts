/** The models the plugin reads and writes, named once. Each table has one owner that writes it (see docs). */
export const UID = {
  connection: 'plugin::easycars.connection',
  run: 'plugin::easycars.sync-run',
  item: 'plugin::easycars.sync-item',
  recordState: 'plugin::easycars.record-state',
  conflict: 'plugin::easycars.conflict',
  bulkResolution: 'plugin::easycars.bulk-resolution',
  auditEntry: 'plugin::easycars.audit-entry',
  alertRule: 'plugin::easycars.alert-rule',
  alertEvent: 'plugin::easycars.alert-event',
  reconciliation: 'plugin::easycars.reconciliation',
  discrepancy: 'plugin::easycars.discrepancy',
  reconciliationIgnore: 'plugin::easycars.reconciliation-ignore',
  discrepancyAction: 'plugin::easycars.discrepancy-action',
  /** The site's own content types, which the sync fills. */
  vehicle: 'api::vehicle.vehicle',
  lead: 'api::lead.lead',
} as const;

import auditEntry from './audit-entry/schema';
import bulkResolution from './bulk-resolution/schema';
import conflict from './conflict/schema';
import connection from './connection/schema';
import recordState from './record-state/schema';
import syncItem from './sync-item/schema';
import syncRun from './sync-run/schema';
import notification from './notification/schema';
import alertRule from './alert-rule/schema';
import alertEvent from './alert-event/schema';
import reconciliation from './reconciliation/schema';
import discrepancy from './discrepancy/schema';
import reconciliationIgnore from './reconciliation-ignore/schema';
import discrepancyAction from './discrepancy-action/schema';

export default {
  connection: { schema: connection },
  'sync-run': { schema: syncRun },
  'sync-item': { schema: syncItem },
  'record-state': { schema: recordState },
  conflict: { schema: conflict },
  'bulk-resolution': { schema: bulkResolution },
  'audit-entry': { schema: auditEntry },
  notification: { schema: notification },
  'alert-rule': { schema: alertRule },
  'alert-event': { schema: alertEvent },
  reconciliation: { schema: reconciliation },
  discrepancy: { schema: discrepancy },
  'reconciliation-ignore': { schema: reconciliationIgnore },
  'discrepancy-action': { schema: discrepancyAction },
};

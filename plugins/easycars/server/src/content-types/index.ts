import conflict from './conflict/schema.json';
import connection from './connection/schema.json';
import recordState from './record-state/schema.json';
import syncItem from './sync-item/schema.json';
import syncRun from './sync-run/schema.json';

export default {
  connection: { schema: connection },
  'sync-run': { schema: syncRun },
  'sync-item': { schema: syncItem },
  'record-state': { schema: recordState },
  conflict: { schema: conflict },
};

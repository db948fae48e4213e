import { useRBAC } from '@strapi/strapi/admin';
import { ACTIONS } from '../../../shared/permissions';

// module-level so useRBAC sees the same array on every render
const SYNC_PERMISSION = [{ action: ACTIONS.sync, subject: null }];

/** Whether the user may start syncs (the server checks the same action). */
export function useCanSync(): { canSync: boolean; isLoading: boolean } {
  const { allowedActions, isLoading } = useRBAC(SYNC_PERMISSION);
  return { canSync: Boolean(allowedActions.canSync), isLoading };
}

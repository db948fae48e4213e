import { useRBAC } from '@strapi/strapi/admin';
import { ACTIONS } from '../../../shared/permissions';

// module-level so useRBAC sees the same array on every render
const SETTINGS_PERMISSION = [{ action: ACTIONS.settings, subject: null }];

/** Whether the user may create, edit, test and delete connections (the server checks the same action). */
export function useCanManageConnections(): { canManage: boolean; isLoading: boolean } {
  const { allowedActions, isLoading } = useRBAC(SETTINGS_PERMISSION);
  return { canManage: Boolean(allowedActions.canSettings), isLoading };
}

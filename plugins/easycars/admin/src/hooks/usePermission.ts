import { useAuth } from '@strapi/strapi/admin';
import { ACTIONS, type ActionName } from '../../../shared/permissions';

/**
 * Whether the signed-in user holds one of the plugin's actions (the server checks the same one). Read from the
 * user's permissions as they arrive: useRBAC checks once on mount, so a page opened directly, before the
 * permissions have loaded, would stay "not allowed" (no Sync Now, no conflict badge) until it is left.
 * The plugin's actions carry no conditions, so holding the action is the whole answer.
 */
export function usePermission(name: ActionName): { allowed: boolean; isLoading: boolean } {
  const permissions = useAuth('usePermission', (state) => state.permissions);
  const isLoading = useAuth('usePermission', (state) => state.isLoading);
  return { allowed: permissions.some((permission) => permission.action === ACTIONS[name]), isLoading };
}

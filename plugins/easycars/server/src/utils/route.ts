import { ACTIONS, type ActionName } from '../../../shared/permissions';

/** An admin route that requires a logged-in admin whose role has the plugin action. */
export function guarded(action: ActionName, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, handler: string) {
  return {
    method,
    path,
    handler,
    config: {
      policies: [
        'admin::isAuthenticatedAdmin',
        { name: 'admin::hasPermissions', config: { actions: [ACTIONS[action]] } },
      ],
    },
  };
}

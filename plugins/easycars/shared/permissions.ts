/** The plugin's RBAC actions; the server guards every admin route with one, the admin hides what is not allowed. */
export const PLUGIN_ID = 'easycars';

export const ACTIONS = {
  read: 'plugin::easycars.read',
  sync: 'plugin::easycars.sync',
  resolve: 'plugin::easycars.resolve',
  settings: 'plugin::easycars.settings',
} as const;

export type ActionName = keyof typeof ACTIONS;

export const ACTION_LABELS: Record<ActionName, string> = {
  read: 'Read sync data',
  sync: 'Start syncs',
  resolve: 'Resolve conflicts',
  settings: 'Manage connections and settings',
};

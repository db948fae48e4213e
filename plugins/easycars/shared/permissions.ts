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

/**
 * The content-API action (API tokens, users-permissions roles) that reads sync runs, items and conflicts. Its name
 * does not end in find/findOne, so Strapi's read-only token type does not get it: it must be given explicitly.
 */
export const CONTENT_API_READ = 'plugin::easycars.sync-data.read';

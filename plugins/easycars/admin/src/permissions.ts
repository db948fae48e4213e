import { ACTIONS, type ActionName } from '../../shared/permissions';

/** Each plugin action as the permission list Strapi's admin expects (Page.Protect, the menu link). */
export const PERMISSIONS = Object.fromEntries(
  Object.entries(ACTIONS).map(([name, action]) => [name, [{ action, subject: null }]])
) as Record<ActionName, { action: string; subject: null }[]>;

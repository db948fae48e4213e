/**
 * Who may read the health endpoint: an admin session whose role has the plugin's read action, or an API token given
 * the route's own action (Strapi's content-API token strategy). A content-API route refuses admin sessions, so this
 * strategy is tried first; like Strapi's own strategies it reaches the running instance through the global `strapi`
 * (a strategy gets only the request).
 */
import { errors } from '@strapi/utils';
import { ACTIONS } from '../../../shared/permissions';

type Ability = { can(action: string): boolean };

const bearerOf = (header: string | undefined): string | null => {
  const parts = (header ?? '').trim().split(/\s+/);
  return parts.length === 2 && parts[0].toLowerCase() === 'bearer' ? parts[1] : null;
};

export const adminSessionStrategy = {
  name: 'easycars-admin-session',

  async authenticate(ctx: { request: { header: Record<string, string | undefined> }; state: any }) {
    const token = bearerOf(ctx.request.header.authorization);
    const manager = (globalThis as any).strapi?.sessionManager;
    if (!token || !manager) return { authenticated: false };
    // an API token is not a JWT: it fails here and the token strategy that follows reads it
    const result = manager('admin').validateAccessToken(token);
    if (!result.isValid || !(await manager('admin').isSessionActive(result.payload.sessionId))) {
      return { authenticated: false };
    }
    const raw = result.payload.userId;
    const id = String(Number(raw)) === raw ? Number(raw) : raw;
    const strapi = (globalThis as any).strapi;
    const user = await strapi.db.query('admin::user').findOne({ where: { id }, populate: ['roles'] });
    if (!user || user.isActive !== true) return { authenticated: false };
    const ability: Ability = await strapi.service('admin::permission').engine.generateUserAbility(user);
    return { authenticated: true, credentials: { id: user.id }, ability };
  },

  verify(auth: { ability?: Ability | null }) {
    if (!auth.ability?.can(ACTIONS.read)) throw new errors.ForbiddenError();
  },
};

/** The content-API token strategy's name, as @strapi/admin registers it. */
export const API_TOKEN_STRATEGY = 'content-api-token';

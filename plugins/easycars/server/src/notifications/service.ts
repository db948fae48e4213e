/**
 * Notifications: when a run leaves conflicts waiting for review, one notification for the run — in the admin always,
 * and one e-mail to the configured recipients through Strapi's e-mail plugin. Nothing depends on the e-mail: a
 * failure is kept on the notification, never raised to the run. Records are named by their vehicle title or lead
 * number, never by a customer's details.
 */
import type { Core } from '@strapi/strapi';
import type { ListNotificationsQuery, PluginNotification } from '../../../shared/contracts/notifications';
import type { Pagination } from '../../../shared/contracts/sync';
import { UID } from '../constants';
import { conflictInbox } from '../conflicts/resolve';
import { getService } from '../utils/get-service';
import { paginationOf } from '../utils/pagination';
import { stampNewRow } from '../utils/rows';

const MODEL = 'plugin::easycars.notification';
/** Records listed in one e-mail; the rest are in the inbox. */
const LISTED = 50;
const EMAIL_TIMEOUT_MS = 30_000;

const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

function toNotification(row: any): PluginNotification {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body ?? '',
    runId: row.runId ?? null,
    connectionId: row.connectionId ?? null,
    link: row.link ?? '',
    createdAt: iso(row.createdAt) as string,
    readAt: iso(row.readAt),
    emailed: row.emailed ?? null,
  };
}

/** The admin's address of the inbox, for the e-mail. */
function inboxUrl(strapi: Core.Strapi): string {
  const server = String(strapi.config.get('server.url', '') || '').replace(/\/$/, '');
  const admin = String(strapi.config.get('admin.url', '/admin') || '/admin');
  const base = /^https?:/.test(admin) ? admin : `${server}${admin}`;
  return `${base.replace(/\/$/, '')}/plugins/easycars/conflicts`;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = () => strapi.db.query(MODEL as any);

  return {
    /** After a run: one notification (and e-mail) when it left conflicts open for review; returns its id. */
    async afterRun(runId: number, connectionId: string): Promise<number | null> {
      const open = (await strapi.db.query(UID.conflict as any).findMany({
        where: { runId, connectionId, status: 'open' },
        orderBy: { id: 'asc' },
      })) as any[];
      if (open.length === 0) return null;
      const { data: listed } = await conflictInbox(strapi).list({
        status: 'open',
        connectionId,
        page: 1,
        pageSize: 100,
      });
      const byId = new Map(listed.map((c) => [c.id, c]));
      const lines = open
        .slice(0, LISTED)
        .map(
          (c) => `- ${byId.get(c.id)?.label ?? `${c.entity} ${c.externalKey}`}: ${(c.fields as string[]).join(', ')}`
        );
      if (open.length > LISTED) lines.push(`- and ${open.length - LISTED} more`);
      const url = inboxUrl(strapi);
      const title = `${open.length} conflict${open.length === 1 ? '' : 's'} waiting for review`;
      const body = `Sync run ${runId} found records changed both here and in EasyCars:\n${lines.join('\n')}\n\nResolve them in the conflict inbox: ${url}`;
      const { notificationRecipients } = await getService('settings', { strapi }).get();
      let emailed: boolean | null = null;
      let emailError: string | null = null;
      if (notificationRecipients.length > 0) {
        try {
          const sent = strapi
            .plugin('email')
            .service('email')
            .send({
              to: notificationRecipients.join(', '),
              subject: `EasyCars: ${title}`,
              text: body,
            });
          // a mail server that never answers must not hold the run's worker
          let timer: NodeJS.Timeout | undefined;
          const timeout = new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error('no answer from the mail server')), EMAIL_TIMEOUT_MS);
          });
          await Promise.race([sent, timeout]).finally(() => clearTimeout(timer));
          emailed = true;
        } catch (error) {
          emailed = false;
          emailError = (error as Error).message?.slice(0, 500) ?? 'unknown error';
          strapi.log.warn(`[easycars] The conflict e-mail of run ${runId} could not be sent: ${emailError}`);
        }
      }
      const now = new Date();
      const row = await rows().create({
        data: stampNewRow(
          { kind: 'conflicts', title, body, runId, connectionId, link: 'conflicts', emailed, emailError },
          now
        ),
      });
      return row.id as number;
    },

    async list(
      query: ListNotificationsQuery
    ): Promise<{ data: PluginNotification[]; pagination: Pagination; unread: number }> {
      const where =
        query.unread === 'true' ? { readAt: null } : query.unread === 'false' ? { readAt: { $notNull: true } } : {};
      const [found, total, unread] = await Promise.all([
        rows().findMany({
          where,
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          offset: (query.page - 1) * query.pageSize,
          limit: query.pageSize,
        }),
        rows().count({ where }),
        rows().count({ where: { readAt: null } }),
      ]);
      return {
        data: (found as any[]).map(toNotification),
        pagination: paginationOf(query.page, query.pageSize, total),
        unread,
      };
    },

    /** Marks these (or all) as read; returns how many were unread. */
    async markRead(ids?: number[]): Promise<number> {
      const where = ids ? { id: { $in: ids }, readAt: null } : { readAt: null };
      const { count } = await rows().updateMany({ where, data: { readAt: new Date() } });
      return count;
    },
  };
};

/** Called by a run once it has finished: a failing notification is logged, never the run's failure. */
export async function notifyAfterRun(strapi: Core.Strapi, runId: number, connectionId: string): Promise<void> {
  try {
    await getService('notifications', { strapi }).afterRun(runId, connectionId);
  } catch (error) {
    strapi.log.error(`[easycars] The notification of run ${runId} could not be recorded: ${(error as Error).message}`);
  }
}

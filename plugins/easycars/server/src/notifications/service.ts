/**
 * Notifications: when a run leaves conflicts waiting for review, one notification for the run — in the admin always,
 * and one e-mail to the configured recipients through Strapi's e-mail plugin. Nothing depends on the e-mail: a
 * failure is kept on the notification, never raised to the run. Records are named by their vehicle title or lead
 * number, never by a customer's details.
 */
import type { Core } from '@strapi/strapi';
import type { ListNotificationsQuery, PluginNotification } from '../../../shared/contracts/notifications';
import type { Pagination } from '../../../shared/contracts/sync';
import { conflictInbox } from '../conflicts/resolve';
import { conflicts } from '../conflicts/service';
import { getService } from '../utils/get-service';
import { paginationOf } from '../utils/pagination';
import { isoOf, stampNewRow } from '../utils/rows';
import { conflictMessage, type ConflictMessage } from './message';

const MODEL = 'plugin::easycars.notification';
const EMAIL_TIMEOUT_MS = 30_000;
const PLUGIN_PAGES = '/plugins/easycars/';

function toNotification(row: any): PluginNotification {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body ?? '',
    runId: row.runId ?? null,
    connectionId: row.connectionId ?? null,
    link: row.link ?? '',
    createdAt: isoOf(row.createdAt) as string,
    readAt: isoOf(row.readAt),
    emailed: row.emailed ?? null,
    emailError: row.emailError ?? null,
  };
}

/** A page of the admin (a path such as "/plugins/easycars/runs") as a full address: the admin's public URL. */
export function adminUrl(strapi: Core.Strapi, path: string): string {
  const admin = String(strapi.config.get('admin.absoluteUrl', '') || '/admin');
  return `${admin.replace(/\/$/, '')}${path}`;
}

/** The inbox's full address for the e-mail: the admin's public URL (server `url`, else its host and port). */
function inboxUrl(strapi: Core.Strapi): string {
  return adminUrl(strapi, '/plugins/easycars/conflicts');
}

type Message = Pick<ConflictMessage, 'title' | 'text' | 'html'>;

export interface EmailAttachment {
  filename: string;
  content: Buffer | string;
  contentType: string;
}

/** Sends the e-mail; the mail server's refusal or silence is returned, never thrown. */
export async function sendEmail(
  strapi: Core.Strapi,
  to: string[],
  message: Message,
  attachments: EmailAttachment[] = []
): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const sent = strapi
      .plugin('email')
      .service('email')
      .send({
        to: to.join(', '),
        subject: `EasyCars: ${message.title}`,
        text: message.text,
        html: message.html,
        ...(attachments.length > 0 ? { attachments } : {}),
      });
    // a mail server that never answers must not hold the run's worker
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error('no answer from the mail server')), EMAIL_TIMEOUT_MS);
    });
    await Promise.race([sent, timeout]);
    return null;
  } catch (error) {
    return (error as Error)?.message?.slice(0, 500) || 'unknown error';
  } finally {
    clearTimeout(timer);
  }
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = () => strapi.db.query(MODEL as any);

  return {
    /** After a run: one notification (and e-mail) when it left conflicts open for review; returns its id. */
    async afterRun(runId: number, connectionId: string): Promise<number | null> {
      // a run taken up again after an interruption has said its piece already
      const told = await rows().findOne({ where: { runId, kind: 'conflicts' }, select: ['id'] });
      if (told) return told.id as number;
      const open = await conflicts(strapi).openOfRun(runId);
      if (open.length === 0) return null;
      const records = await conflictInbox(strapi).summaries(open);
      const message = conflictMessage(runId, records, inboxUrl(strapi));
      const { notificationRecipients } = await getService('settings', { strapi }).get();
      let emailed: boolean | null = null;
      let emailError: string | null = null;
      if (notificationRecipients.length > 0) {
        emailError = await sendEmail(strapi, notificationRecipients, message);
        emailed = emailError === null;
        if (emailError)
          strapi.log.warn(`[easycars] The conflict e-mail of run ${runId} could not be sent: ${emailError}`);
      }
      const row = await rows().create({
        data: stampNewRow(
          {
            kind: 'conflicts',
            title: message.title,
            body: message.text,
            runId,
            connectionId,
            link: 'conflicts',
            emailed,
            emailError,
          },
          new Date()
        ),
      });
      return row.id as number;
    },

    /**
     * An alert's notice (it fired or recovered): one e-mail to the rule's recipients, and the in-app copy when the
     * rule asks for it. `link` is the admin page to look at; returns the in-app notification's id.
     */
    async alert(
      message: Message,
      options: { recipients: string[]; inApp: boolean; connectionId: string | null; link: string }
    ): Promise<number | null> {
      let emailed: boolean | null = null;
      let emailError: string | null = null;
      if (options.recipients.length > 0) {
        emailError = await sendEmail(strapi, options.recipients, message);
        emailed = emailError === null;
        if (emailError)
          strapi.log.warn(`[easycars] The alert e-mail "${message.title}" could not be sent: ${emailError}`);
      }
      if (!options.inApp) return null;
      const row = await rows().create({
        data: stampNewRow(
          {
            kind: 'alert',
            title: message.title,
            body: message.text,
            connectionId: options.connectionId,
            // the in-app link is a page of the plugin; another page (the lead list) is in the text
            link: options.link.startsWith(PLUGIN_PAGES) ? options.link.slice(PLUGIN_PAGES.length) : '',
            emailed,
            emailError,
          },
          new Date()
        ),
      });
      return row.id as number;
    },

    /** Records a notification another capability composed (a scheduled reconciliation's); returns its id. */
    async record(entry: {
      kind: PluginNotification['kind'];
      title: string;
      body: string;
      runId: number | null;
      connectionId: string | null;
      link: string;
      emailed: boolean | null;
      emailError: string | null;
    }): Promise<number> {
      const row = await rows().create({ data: stampNewRow(entry, new Date()) });
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

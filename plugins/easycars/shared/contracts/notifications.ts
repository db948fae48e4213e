/** Contracts of the in-app notifications (a copy of every e-mail the plugin sends, and more). */
import { z } from 'zod';
import { MAX_PAGE, type Pagination } from './sync';
import { wholeNumber } from './fields';

export const NOTIFICATION_KINDS = ['conflicts', 'alert', 'reconciliation'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const listNotificationsQuerySchema = z
  .object({
    unread: z
      .enum(['true', 'false'], 'must be "true" or "false"')
      .optional()
      .describe('"true": only unread notifications; "false": only read ones'),
    page: wholeNumber(1, MAX_PAGE).default(1).describe('Page number, from 1'),
    pageSize: wholeNumber(1, 100).default(25).describe('Rows per page, at most 100'),
  })
  .strict();
export type ListNotificationsQuery = z.infer<typeof listNotificationsQuerySchema>;

export const markReadSchema = z
  .object({
    ids: z
      .array(wholeNumber(1, Number.MAX_SAFE_INTEGER), 'must be a list of ids')
      .max(500)
      .optional()
      .describe('The notifications to mark read, by id; left out: every unread notification'),
  })
  .strict();
export type MarkReadInput = z.infer<typeof markReadSchema>;

export interface PluginNotification {
  id: number;
  kind: NotificationKind;
  title: string;
  body: string;
  runId: number | null;
  connectionId: string | null;
  /** Where the notification leads in the plugin, e.g. "conflicts". */
  link: string;
  createdAt: string;
  readAt: string | null;
  /** Whether the e-mail went out: null when no recipient is set. */
  emailed: boolean | null;
  /** Why the e-mail did not go, as the mail server or the e-mail plugin said. */
  emailError: string | null;
}

export namespace ListNotifications {
  export interface Response {
    data: PluginNotification[];
    meta: { pagination: Pagination; unread: number };
  }
}

export namespace MarkNotificationsRead {
  export type Request = MarkReadInput;
  export interface Response {
    /** How many were unread. */
    data: { marked: number };
    meta: Record<string, never>;
  }
}

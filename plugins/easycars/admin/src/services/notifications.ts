/**
 * The in-app notifications: the list with its unread count, and marking read. Marking invalidates the lists and the
 * navigation badge.
 */
import type { ListNotifications, MarkNotificationsRead } from '../../../shared/contracts/notifications';
import { easycarsApi } from './api';

export interface NotificationsFilter {
  unreadOnly: boolean;
  page: number;
  pageSize: number;
}

const LIST = { type: 'Notification', id: 'LIST' } as const;

const notificationsApi = easycarsApi.enhanceEndpoints({ addTagTypes: ['Notification'] }).injectEndpoints({
  endpoints: (build) => ({
    listEasycarsNotifications: build.query<ListNotifications.Response, NotificationsFilter>({
      query: ({ unreadOnly, page, pageSize }) =>
        `/easycars/notifications?${new URLSearchParams({
          ...(unreadOnly ? { unread: 'true' } : {}),
          page: String(page),
          pageSize: String(pageSize),
        }).toString()}`,
      providesTags: [LIST],
      keepUnusedDataFor: 0,
    }),
    markEasycarsNotificationsRead: build.mutation<MarkNotificationsRead.Response, MarkNotificationsRead.Request>({
      query: (body) => ({ url: '/easycars/notifications/read', method: 'POST', data: body }),
      invalidatesTags: [LIST],
    }),
  }),
});

// names of the plugin's own, so they never meet an endpoint Strapi injected into the same api
export const {
  useListEasycarsNotificationsQuery: useListNotificationsQuery,
  useMarkEasycarsNotificationsReadMutation: useMarkNotificationsReadMutation,
} = notificationsApi;

/** How many notifications are unread, for the navigation badge; asked again every minute. */
export function useUnreadNotificationCount(skip = false): number | null {
  const { currentData } = notificationsApi.useListEasycarsNotificationsQuery(
    { unreadOnly: true, page: 1, pageSize: 1 },
    { pollingInterval: 60_000, skip }
  );
  return currentData?.meta.unread ?? null;
}

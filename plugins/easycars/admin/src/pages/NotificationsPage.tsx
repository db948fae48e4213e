/**
 * EasyCars → Notifications: what the plugin told administrators (the in-app copy of every e-mail, kept also when no
 * e-mail could go). Unread ones by default, all under their own tab; mark one or all read.
 */
import { useState } from 'react';
import { Alert, Button, EmptyStateLayout, Flex, LinkButton, Tabs } from '@strapi/design-system';
import { EmptyDocuments } from '@strapi/icons/symbols';
import { Layouts, Page } from '@strapi/strapi/admin';
import { NavLink } from 'react-router-dom';
import { NotificationsList } from '../components/NotificationsList';
import { PageControls } from '../components/PageControls';
import { LoadErrorState, LoadingState } from '../components/PageStates';
import { PERMISSIONS } from '../permissions';
import { PLUGIN_ID } from '../pluginId';
import { useErrorMessage } from '../services/errors';
import { useListNotificationsQuery, useMarkNotificationsReadMutation } from '../services/notifications';

const PAGE_SIZE = 25;
type Show = 'unread' | 'all';

const NotificationsContent = () => {
  const [show, setShow] = useState<Show>('unread');
  const [page, setPage] = useState(1);
  const [failure, setFailure] = useState<string | null>(null);
  const errorMessage = useErrorMessage();
  const { currentData, isError, error, refetch } = useListNotificationsQuery({
    unreadOnly: show === 'unread',
    page,
    pageSize: PAGE_SIZE,
  });
  const [markRead, marking] = useMarkNotificationsReadMutation();
  const unread = currentData?.meta.unread ?? 0;

  const mark = async (ids?: number[]) => {
    setFailure(null);
    try {
      await markRead(ids ? { ids } : {}).unwrap();
    } catch (e) {
      setFailure(errorMessage(e));
    }
  };

  let content: React.ReactNode;
  if (!currentData && !isError) content = <LoadingState label="Loading notifications…" />;
  else if (!currentData) content = <LoadErrorState what="notifications" error={error} onRetry={() => void refetch()} />;
  else if (currentData.data.length === 0)
    content = (
      <EmptyStateLayout
        icon={<EmptyDocuments width="16rem" />}
        content={
          show === 'unread'
            ? 'Nothing unread: a notification comes when a sync leaves conflicts waiting for review'
            : 'No notification yet: one comes when a sync leaves conflicts waiting for review'
        }
        action={
          <LinkButton variant="secondary" tag={NavLink} to={`/plugins/${PLUGIN_ID}/settings/conflicts`}>
            Set who gets them by e-mail
          </LinkButton>
        }
      />
    );
  else
    content = (
      <Flex direction="column" alignItems="stretch" gap={4}>
        <NotificationsList
          notifications={currentData.data}
          onMarkRead={(id) => void mark([id])}
          marking={marking.isLoading}
        />
        <PageControls
          pagination={currentData.meta.pagination}
          noun={['notification', 'notifications']}
          onPage={setPage}
        />
      </Flex>
    );

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Flex justifyContent="space-between" alignItems="flex-end" gap={4} wrap="wrap">
        <Tabs.Root
          value={show}
          onValueChange={(v) => {
            setShow(v as Show);
            setPage(1);
          }}
        >
          <Tabs.List aria-label="Unread or all notifications">
            <Tabs.Trigger value="unread">Unread{unread > 0 ? ` (${unread})` : ''}</Tabs.Trigger>
            <Tabs.Trigger value="all">All</Tabs.Trigger>
          </Tabs.List>
        </Tabs.Root>
        {unread > 0 && (
          <Button variant="secondary" disabled={marking.isLoading} onClick={() => void mark()}>
            Mark all read
          </Button>
        )}
      </Flex>
      {failure && (
        <Alert variant="danger" title="Could not mark read" onClose={() => setFailure(null)} closeLabel="Close">
          {failure}
        </Alert>
      )}
      {content}
    </Flex>
  );
};

export const NotificationsPage = () => (
  <Page.Main>
    <Page.Title>EasyCars notifications</Page.Title>
    <Layouts.Header title="Notifications" subtitle="Syncs that left conflicts waiting for review" />
    <Layouts.Content>
      <Page.Protect permissions={PERMISSIONS.read}>
        <NotificationsContent />
      </Page.Protect>
    </Layouts.Content>
  </Page.Main>
);

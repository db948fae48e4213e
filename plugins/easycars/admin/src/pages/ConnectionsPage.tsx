import { Layouts, Page } from '@strapi/strapi/admin';

export const ConnectionsPage = () => (
  <Page.Main>
    <Layouts.Header title="Connections" subtitle="EasyCars accounts this site syncs with" />
    <Layouts.Content>…</Layouts.Content>
  </Page.Main>
);

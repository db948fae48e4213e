/** Sync run: a placeholder until the page is built. */
import { Layouts, Page } from '@strapi/strapi/admin';

export const RunDetailPage = () => (
  <Page.Main>
    <Page.Title>Sync run</Page.Title>
    <Layouts.Header title="Sync run" />
  </Page.Main>
);

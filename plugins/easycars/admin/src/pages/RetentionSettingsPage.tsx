/** Data retention: a placeholder until the page is built. */
import { Layouts, Page } from '@strapi/strapi/admin';

export const RetentionSettingsPage = () => (
  <Page.Main>
    <Page.Title>Data retention</Page.Title>
    <Layouts.Header title="Data retention" />
  </Page.Main>
);

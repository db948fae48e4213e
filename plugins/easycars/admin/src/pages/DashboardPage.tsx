/** EasyCars Integration Dashboard: a placeholder until the page is built. */
import { Layouts, Page } from '@strapi/strapi/admin';

export const DashboardPage = () => (
  <Page.Main>
    <Page.Title>EasyCars Integration Dashboard</Page.Title>
    <Layouts.Header title="EasyCars Integration Dashboard" />
  </Page.Main>
);

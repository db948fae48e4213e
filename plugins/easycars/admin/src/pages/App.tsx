import { Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';
import { PluginLayout } from '../components/PluginLayout';
import { AlertRulesPage } from './AlertRulesPage';
import { AlertsPage } from './AlertsPage';
import { AuditLogPage } from './AuditLogPage';
import { ConflictDetailPage } from './ConflictDetailPage';
import { ConflictSettingsPage } from './ConflictSettingsPage';
import { ConflictsPage } from './ConflictsPage';
import { ConnectionsPage } from './ConnectionsPage';
import { DashboardPage } from './DashboardPage';
import { NotificationsPage } from './NotificationsPage';
import { PerformancePage } from './PerformancePage';
import { ReconciliationReportPage } from './ReconciliationReportPage';
import { ReconciliationsPage } from './ReconciliationsPage';
import { RetentionSettingsPage } from './RetentionSettingsPage';
import { RunDetailPage } from './RunDetailPage';
import { RunsPage } from './RunsPage';
import { SupportSettingsPage } from './SupportSettingsPage';

const App = () => (
  <PluginLayout>
    <Routes>
      <Route index element={<DashboardPage />} />
      <Route path="runs" element={<RunsPage />} />
      <Route path="runs/:id" element={<RunDetailPage />} />
      <Route path="conflicts" element={<ConflictsPage />} />
      <Route path="conflicts/:id" element={<ConflictDetailPage />} />
      <Route path="audit" element={<AuditLogPage />} />
      <Route path="reconciliations" element={<ReconciliationsPage />} />
      <Route path="reconciliations/:id" element={<ReconciliationReportPage />} />
      <Route path="notifications" element={<NotificationsPage />} />
      <Route path="performance" element={<PerformancePage />} />
      <Route path="settings/conflicts" element={<ConflictSettingsPage />} />
      <Route path="settings/connections" element={<ConnectionsPage />} />
      <Route path="settings/retention" element={<RetentionSettingsPage />} />
      <Route path="alerts" element={<AlertsPage />} />
      <Route path="settings/alerts" element={<AlertRulesPage />} />
      <Route path="settings/support" element={<SupportSettingsPage />} />
      <Route path="*" element={<Page.Error />} />
    </Routes>
  </PluginLayout>
);

export default App;

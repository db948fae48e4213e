import { Page } from '@strapi/strapi/admin';
import { Navigate, Route, Routes } from 'react-router-dom';
import { PluginLayout } from '../components/PluginLayout';
import { ConnectionsPage } from './ConnectionsPage';
import { RunsPage } from './RunsPage';

const App = () => (
  <PluginLayout>
    <Routes>
      <Route index element={<Navigate to="settings/connections" replace />} />
      <Route path="runs" element={<RunsPage />} />
      <Route path="settings/connections" element={<ConnectionsPage />} />
      <Route path="*" element={<Page.Error />} />
    </Routes>
  </PluginLayout>
);

export default App;

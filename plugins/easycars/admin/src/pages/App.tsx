import { Page } from '@strapi/strapi/admin';
import { Navigate, Route, Routes } from 'react-router-dom';
import { ConnectionsPage } from './ConnectionsPage';

const App = () => (
  <Routes>
    <Route index element={<Navigate to="settings/connections" replace />} />
    <Route path="settings/connections" element={<ConnectionsPage />} />
    <Route path="*" element={<Page.Error />} />
  </Routes>
);

export default App;

import type { ReactNode } from 'react';
import { Divider, Flex } from '@strapi/design-system';
import { Layouts, SubNav } from '@strapi/strapi/admin';
import { PLUGIN_ID } from '../pluginId';
import { useFiringAlertCount } from '../services/alerts';
import { useOpenConflictCount } from '../services/conflicts';
import { useUnreadNotificationCount } from '../services/notifications';
import { CountNavLink } from './CountNavLink';
import { HelpSupport } from './HelpSupport';

const pluginPath = (path: string) => `/plugins/${PLUGIN_ID}/${path}`;

/** The plugin's side navigation; Strapi hides it on phones, where each page stands alone. */
const PluginNav = () => (
  <SubNav.Main aria-label="EasyCars">
    <SubNav.Header label="EasyCars" />
    <Divider />
    <SubNav.Content>
      <SubNav.Sections>
        {[
          <SubNav.Section key="monitoring" label="Monitoring">
            {[
              <SubNav.Link key="dashboard" to={pluginPath('')} label="Dashboard" end />,
              <SubNav.Link key="runs" to={pluginPath('runs')} label="Sync History" />,
              <CountNavLink
                key="conflicts"
                to={pluginPath('conflicts')}
                label="Conflicts"
                useCount={useOpenConflictCount}
                describe={(n) => `${n} open conflicts`}
                testId="conflicts-badge"
              />,
              <CountNavLink
                key="notifications"
                to={pluginPath('notifications')}
                label="Notifications"
                useCount={useUnreadNotificationCount}
                describe={(n) => `${n} unread notifications`}
                testId="notifications-badge"
              />,
              <SubNav.Link key="audit" to={pluginPath('audit')} label="Audit log" />,
              <SubNav.Link key="reconciliations" to={pluginPath('reconciliations')} label="Data Reconciliation" />,
              <SubNav.Link key="performance" to={pluginPath('performance')} label="Performance" />,
              <CountNavLink
                key="alerts"
                to={pluginPath('alerts')}
                label="Alerts"
                useCount={useFiringAlertCount}
                describe={(n) => `${n} alerts still firing`}
                testId="alerts-badge"
              />,
            ]}
          </SubNav.Section>,
          <SubNav.Section key="settings" label="Settings">
            {[
              <SubNav.Link key="connections" to={pluginPath('settings/connections')} label="Connections" />,
              <SubNav.Link key="retention" to={pluginPath('settings/retention')} label="Data retention" />,
              <SubNav.Link key="conflict-settings" to={pluginPath('settings/conflicts')} label="Conflict strategies" />,
              <SubNav.Link key="alert-rules" to={pluginPath('settings/alerts')} label="Alert rules" />,
              <SubNav.Link key="support" to={pluginPath('settings/support')} label="Help & support" />,
            ]}
          </SubNav.Section>,
        ]}
      </SubNav.Sections>
    </SubNav.Content>
  </SubNav.Main>
);

export const PluginLayout = ({ children }: { children: ReactNode }) => (
  <Layouts.Root sideNav={<PluginNav />}>
    {/* on every page, phones too (the side navigation is hidden there) */}
    <Flex justifyContent="flex-end" paddingTop={2} paddingLeft={6} paddingRight={6}>
      <HelpSupport />
    </Flex>
    {children}
  </Layouts.Root>
);

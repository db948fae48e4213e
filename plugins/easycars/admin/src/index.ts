import { Car } from '@strapi/icons';
import { ACTIONS, PLUGIN_ID } from '../../shared/permissions';
import { PluginIcon } from './components/PluginIcon';

export default {
  register(app: any) {
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: PluginIcon,
      intlLabel: { id: `${PLUGIN_ID}.plugin.name`, defaultMessage: 'EasyCars' },
      permissions: [
        { action: ACTIONS.read, subject: null },
        { action: ACTIONS.settings, subject: null },
      ],
      Component: () => import('./pages/App'),
    });
    app.registerPlugin({ id: PLUGIN_ID, name: 'EasyCars' });
    app.widgets.register({
      id: 'sync-health',
      pluginId: PLUGIN_ID,
      icon: Car,
      title: { id: `${PLUGIN_ID}.widget.sync-health.title`, defaultMessage: 'EasyCars sync health' },
      component: async () => (await import('./components/dashboard/HealthWidget')).HealthWidget,
      link: {
        label: { id: `${PLUGIN_ID}.widget.sync-health.link`, defaultMessage: 'Open the dashboard' },
        href: `/plugins/${PLUGIN_ID}`,
      },
      permissions: [{ action: ACTIONS.read }],
    });
  },
};

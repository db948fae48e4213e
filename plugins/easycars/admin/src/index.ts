import { Car } from '@strapi/icons';
import { PLUGIN_ID } from '../../shared/permissions';
import { PluginIcon } from './components/PluginIcon';
import { PERMISSIONS } from './permissions';

export default {
  register(app: any) {
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: PluginIcon,
      intlLabel: { id: `${PLUGIN_ID}.plugin.name`, defaultMessage: 'EasyCars' },
      permissions: [...PERMISSIONS.read, ...PERMISSIONS.settings],
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
      permissions: PERMISSIONS.read,
    });
  },
};

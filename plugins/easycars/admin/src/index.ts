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
  },
};

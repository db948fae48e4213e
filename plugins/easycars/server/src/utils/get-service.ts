import type connections from '../connections/service';
import type queue from '../queue/service';
import type runs from '../sync/runs';

type Services = {
  connections: ReturnType<typeof connections>;
  runs: ReturnType<typeof runs>;
  queue: ReturnType<typeof queue>;
};

/** Typed access to the plugin's services. */
export function getService<K extends keyof Services>(name: K): Services[K] {
  return strapi.plugin('easycars').service(name) as Services[K];
}

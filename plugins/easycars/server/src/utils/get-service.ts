import type connections from '../connections/service';

type Services = {
  connections: ReturnType<typeof connections>;
};

/** Typed access to the plugin's services. */
export function getService<K extends keyof Services>(name: K): Services[K] {
  return strapi.plugin('easycars').service(name) as Services[K];
}

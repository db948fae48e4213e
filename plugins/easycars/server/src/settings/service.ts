/**
 * The settings an administrator changes in the admin, kept in Strapi's plugin store. Until a setting is saved
 * there, config/plugins.ts (easycars.config.stock.conflictStrategy) gives it; a saved setting wins from then on.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type {
  PluginSettings,
  SettingsMeta,
  SupportContacts,
  UpdateSettingsInput,
} from '../../../shared/contracts/settings';
import type { ConflictStrategy } from '../../../shared/contracts/conflicts';
import { getConfig } from '../config';
import { MAPPED_VEHICLE_FIELDS } from '../sync/stock/map';
import { REFRESH_FIELDS } from '../sync/lead/mapping';

/** The fields a per-field strategy may name. */
export const STRATEGY_FIELDS = {
  vehicle: [...MAPPED_VEHICLE_FIELDS] as string[],
  lead: [...REFRESH_FIELDS, 'status'] as string[],
};
const KNOWN_FIELDS = new Set([...STRATEGY_FIELDS.vehicle, ...STRATEGY_FIELDS.lead]);

type Stored = Partial<PluginSettings>;

/** The strategy of each field: its own, or the default. */
export interface Strategies {
  default: ConflictStrategy;
  fields: Record<string, ConflictStrategy>;
}

export const strategyOf = (strategies: Strategies, field: string): ConflictStrategy =>
  strategies.fields[field] ?? strategies.default;

/** Whether some field puts EasyCars' value back over a local-only edit (its strategy is "EasyCars wins"). */
export const restoresLocalEdits = (strategies: Strategies): boolean =>
  strategies.default === 'easycars-wins' || Object.values(strategies.fields).includes('easycars-wins');

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.store({ type: 'plugin', name: 'easycars', key: 'settings' });
  const stored = async (): Promise<Stored> => ((await store().get({})) as Stored | null) ?? {};
  const configStrategy = () => getConfig(strapi, 'stock').conflictStrategy;

  const service = {
    async get(): Promise<PluginSettings> {
      const saved = await stored();
      return {
        conflictStrategy: saved.conflictStrategy ?? configStrategy(),
        fieldStrategies: saved.fieldStrategies ?? {},
        notificationRecipients: saved.notificationRecipients ?? [],
        supportContacts: { internal: null, easycars: null, ...saved.supportContacts },
        documentationUrl: saved.documentationUrl ?? null,
      };
    },

    meta(): SettingsMeta {
      return { fields: STRATEGY_FIELDS, configStrategy: configStrategy() };
    },

    /** What the stock sync settles conflicts with: read at the start of each run. */
    async strategies(): Promise<Strategies> {
      const settings = await service.get();
      return { default: settings.conflictStrategy, fields: settings.fieldStrategies };
    },

    /** Saves what the body names and keeps the rest; returns the settings before and after. */
    async update(input: UpdateSettingsInput): Promise<{ before: PluginSettings; after: PluginSettings }> {
      const unknown = Object.keys(input.fieldStrategies ?? {}).filter((f) => !KNOWN_FIELDS.has(f));
      if (unknown.length > 0) {
        const issues = unknown.map((f) => ({
          path: ['fieldStrategies', f],
          message: `fieldStrategies.${f} is not a field the sync compares`,
          name: 'ValidationError',
        }));
        throw new errors.ValidationError(issues.map((i) => i.message).join('; '), { errors: issues });
      }
      const before = await service.get();
      const saved = await stored();
      const next: Stored = { ...saved };
      if (input.conflictStrategy !== undefined) next.conflictStrategy = input.conflictStrategy;
      if (input.fieldStrategies !== undefined) next.fieldStrategies = input.fieldStrategies;
      if (input.notificationRecipients !== undefined)
        next.notificationRecipients = [...new Set(input.notificationRecipients.map((e) => e.toLowerCase()))];
      if (input.documentationUrl !== undefined) next.documentationUrl = input.documentationUrl;
      if (input.supportContacts !== undefined)
        next.supportContacts = { ...before.supportContacts, ...(input.supportContacts as Partial<SupportContacts>) };
      await store().set({ value: next });
      return { before, after: await service.get() };
    },
  };
  return service;
};

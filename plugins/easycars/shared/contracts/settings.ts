/** Contracts of the plugin settings an administrator changes in the admin (conflict strategies, notifications). */
import { z } from 'zod';
import { CONFLICT_STRATEGIES, type ConflictStrategy } from './conflicts';
import { singleLine } from './fields';

export const MAX_RECIPIENTS = 20;
const strategy = z.enum(CONFLICT_STRATEGIES, `must be one of ${CONFLICT_STRATEGIES.join(', ')}`);

/** A PUT body: every key optional, and a key left out keeps its stored value. */
export const updateSettingsSchema = z
  .object({
    conflictStrategy: strategy.optional(),
    /** A field's own strategy, over the default (e.g. price: "easycars-wins", description: "local-wins"). */
    fieldStrategies: z
      .record(singleLine(100).min(1, 'must name a field'), strategy, 'must be an object of field: strategy')
      .optional(),
    notificationRecipients: z
      .array(
        z.email('must be an e-mail address').max(254, 'must be at most 254 characters'),
        'must be a list of e-mail addresses'
      )
      .max(MAX_RECIPIENTS, `must hold at most ${MAX_RECIPIENTS} addresses`)
      .optional(),
  })
  .strict();
export type UpdateSettingsInput = z.infer<typeof updateSettingsSchema>;

export interface PluginSettings {
  conflictStrategy: ConflictStrategy;
  fieldStrategies: Record<string, ConflictStrategy>;
  notificationRecipients: string[];
}

export interface SettingsMeta {
  /** Fields a per-field strategy may name, by entity. */
  fields: { vehicle: string[]; lead: string[] };
  /** The default strategy of config/plugins.ts, used until one is saved here. */
  configStrategy: ConflictStrategy;
}

export namespace GetSettings {
  export interface Response {
    data: PluginSettings;
    meta: SettingsMeta;
  }
}
export namespace UpdateSettings {
  export type Request = UpdateSettingsInput;
  export type Response = GetSettings.Response;
}

/**
 * Contracts of the plugin settings an administrator changes in the admin (conflict strategies, notifications, the
 * support contacts every admin page's Help & support panel shows).
 */
import { z } from 'zod';
import { CONFLICT_STRATEGIES, type ConflictStrategy } from './conflicts';
import { freeText, singleLine } from './fields';

export const MAX_RECIPIENTS = 20;
const strategy = z.enum(CONFLICT_STRATEGIES, `must be one of ${CONFLICT_STRATEGIES.join(', ')}`);

/** Who to call: the dealership's own technical support, or its contact at EasyCars. */
export interface SupportContact {
  name: string;
  email: string | null;
  phone: string | null;
  /** When they can be reached, or anything else worth saying ("weekdays 8–5", "quote account 12345"). */
  notes: string | null;
}

export const SUPPORT_CONTACT_KINDS = ['internal', 'easycars'] as const;
export type SupportContactKind = (typeof SUPPORT_CONTACT_KINDS)[number];
export type SupportContacts = Record<SupportContactKind, SupportContact | null>;

const optionalLine = (max: number) =>
  singleLine(max)
    .optional()
    .nullable()
    .transform((v) => v || null);

const supportContactSchema = z
  .object(
    {
      name: singleLine(100).min(1, 'is required').describe('Who to contact (a person or a team)'),
      email: z
        .union([z.literal(''), z.email('must be an e-mail address').max(254, 'must be at most 254 characters')])
        .optional()
        .nullable()
        .transform((v) => v || null)
        .describe('Their e-mail address'),
      phone: optionalLine(40).describe('Their phone number'),
      notes: freeText(500)
        .optional()
        .nullable()
        .transform((v) => v || null)
        .describe('Anything else: hours, a ticket address, what to send'),
    },
    'must be an object with name, email, phone and notes'
  )
  .strict();

/** A PUT body: every key optional, and a key left out keeps its stored value. */
export const updateSettingsSchema = z
  .object({
    conflictStrategy: strategy
      .optional()
      .describe('The default strategy for a field changed on both sides since the last sync'),
    /** A field's own strategy, over the default (e.g. price: "easycars-wins", description: "local-wins"). */
    fieldStrategies: z
      .record(singleLine(100).min(1, 'must name a field'), strategy, 'must be an object of field: strategy')
      .optional()
      .describe('A field’s own strategy, over the default (e.g. price: "easycars-wins")'),
    notificationRecipients: z
      .array(
        z.email('must be an e-mail address').max(254, 'must be at most 254 characters'),
        'must be a list of e-mail addresses'
      )
      .max(MAX_RECIPIENTS, `must hold at most ${MAX_RECIPIENTS} addresses`)
      .optional()
      .describe('E-mail addresses told when a sync leaves conflicts for review'),
    /** Where the team keeps this documentation (the docs/ folder online): the admin's guide links start there. */
    documentationUrl: z
      .union([
        z.literal(''),
        z
          .url({ protocol: /^https?$/, error: 'must be an http or https address' })
          .max(500, 'must be at most 500 characters'),
      ])
      .nullable()
      .transform((v) => v || null)
      .optional()
      .describe('Where the team keeps this documentation online: the admin’s guide links start there'),
    /** null clears a contact; a kind left out keeps its stored contact. */
    supportContacts: z
      .object(
        {
          internal: supportContactSchema.nullable().optional().describe('The dealership’s own technical support'),
          easycars: supportContactSchema.nullable().optional().describe('The dealership’s contact at EasyCars support'),
        },
        'must be an object with internal and easycars'
      )
      .strict()
      .optional()
      .describe('The Help & support contacts; null clears one, a kind left out keeps its contact'),
  })
  .strict();
export type UpdateSettingsInput = z.infer<typeof updateSettingsSchema>;

export interface PluginSettings {
  conflictStrategy: ConflictStrategy;
  fieldStrategies: Record<string, ConflictStrategy>;
  notificationRecipients: string[];
  supportContacts: SupportContacts;
  documentationUrl: string | null;
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

/** `GET /easycars/support`: the contacts and the documentation address, for everyone who may read the plugin's pages. */
export namespace GetSupport {
  export interface Response {
    data: SupportContacts & { documentationUrl: string | null };
  }
}

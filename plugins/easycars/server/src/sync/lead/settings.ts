/**
 * Settings of the lead outbox, read at each use from config/plugins.ts → easycars.config.leads (so a change takes
 * effect on the next run). Unset or invalid values fall back to the defaults below.
 */
import type { Core } from '@strapi/strapi';
import { VEHICLE_TYPE_CODE, type GeneralEnquiryVehicle } from './mapping';

export interface LeadSettings {
  /** Ask the job queue for a lead run as soon as a lead is created or its status changes. */
  pushOnCreate: boolean;
  /** Push attempts (each one a CreateLead try) before a lead is marked failed. */
  maxAttempts: number;
  /** Delay after the first failed attempt; doubles with each further attempt, up to backoffMaxMs. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** A lead left "pushing" this long is taken to belong to a run that died. */
  staleAfterMs: number;
  /** Leads read per query while pushing. */
  batchSize: number;
  /** Known leads read back with GetLeadDetail per run (those with a status to push always are). */
  refreshLimit: number;
  /** GetLeadDetail calls one search for a possibly created lead may make before giving up. */
  recoveryMaxProbes: number;
  /**
   * EasyCars requires a vehicle on every lead. A lead with no linked vehicle and no vehicle fields at all (a general
   * enquiry) is sent with this stand-in vehicle; with `enabled: false` such a lead fails as missing its vehicle.
   */
  generalEnquiry: GeneralEnquiryVehicle & { enabled: boolean };
}

export const DEFAULT_LEAD_SETTINGS: LeadSettings = {
  pushOnCreate: true,
  maxAttempts: 8,
  backoffBaseMs: 60_000,
  backoffMaxMs: 3_600_000,
  staleAfterMs: 15 * 60_000,
  batchSize: 50,
  refreshLimit: 200,
  recoveryMaxProbes: 40,
  generalEnquiry: { enabled: true, make: 'General', model: 'Enquiry', type: 'car', year: null, isNew: false },
};

/** The general-enquiry settings given, each invalid or missing member taken from the defaults. */
function generalEnquiryOf(value: unknown): LeadSettings['generalEnquiry'] {
  const defaults = DEFAULT_LEAD_SETTINGS.generalEnquiry;
  if (!value || typeof value !== 'object') return { ...defaults };
  const v = value as Record<string, unknown>;
  const text = (x: unknown, max: number, fallback: string) =>
    typeof x === 'string' && x.trim() !== '' && x.trim().length <= max ? x.trim() : fallback;
  const thisYear = new Date().getUTCFullYear();
  return {
    enabled: typeof v.enabled === 'boolean' ? v.enabled : defaults.enabled,
    make: text(v.make, 100, defaults.make),
    model: text(v.model, 50, defaults.model),
    type: typeof v.type === 'string' && v.type in VEHICLE_TYPE_CODE ? v.type : defaults.type,
    // EasyCars accepts 1900 to two years ahead; unset means the year the lead is sent
    year: Number.isInteger(v.year) && (v.year as number) >= 1900 && (v.year as number) <= thisYear + 2 ? (v.year as number) : defaults.year,
    isNew: typeof v.isNew === 'boolean' ? v.isNew : defaults.isNew,
  };
}

export function leadSettings(strapi: Core.Strapi): LeadSettings {
  const configured = (strapi.config.get('plugin::easycars.leads') ?? {}) as Partial<Record<keyof LeadSettings, unknown>>;
  const settings = { ...DEFAULT_LEAD_SETTINGS };
  for (const key of Object.keys(DEFAULT_LEAD_SETTINGS) as (keyof LeadSettings)[]) {
    const value = configured[key];
    if (key === 'generalEnquiry') {
      settings.generalEnquiry = generalEnquiryOf(value);
    } else if (key === 'pushOnCreate') {
      if (typeof value === 'boolean') settings.pushOnCreate = value;
    } else if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
      (settings as Record<string, unknown>)[key] = key === 'maxAttempts' ? Math.max(1, Math.floor(value)) : value;
    }
  }
  return settings;
}

/** When the next attempt may start after `attempts` failed ones. */
export function backoffMs(attempts: number, settings: Pick<LeadSettings, 'backoffBaseMs' | 'backoffMaxMs'>): number {
  return Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** Math.max(0, attempts - 1));
}

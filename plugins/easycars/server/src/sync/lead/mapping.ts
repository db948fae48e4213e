/**
 * Pure translation between a local lead (api::lead.lead) and the EasyCars Lead API: the CreateLead request, the
 * local view of a GetLeadDetail answer, and the three-way plan of a refresh. No Strapi, no I/O: unit tested alone.
 */
import type { Contact, LeadCustomer } from '../../../../shared/easycars/api';
import type { CreateLeadInput, LeadDetailAnswer } from '../../easycars';
import { UID } from '../../constants';
import {
  FINANCE_CODE,
  INTEREST_CODE,
  LEAD_CUSTOMER_FIELDS,
  RATING_CODE,
  STATUS_CODE,
  VEHICLE_TYPE_CODE,
  type LocalLeadStatus,
} from '../../../../shared/contracts/leads';

// the lead vocabulary is a shared contract; the sync code keeps finding it here
export * from '../../../../shared/contracts/leads';

export const LEAD_UID = UID.lead;

function invert(map: Record<string, number>): Map<number, string> {
  return new Map(Object.entries(map).map(([k, v]) => [v, k]));
}
const STATUS_OF = invert(STATUS_CODE) as Map<number, LocalLeadStatus>;
const INTEREST_OF = invert(INTEREST_CODE);
const FINANCE_OF = invert(FINANCE_CODE);
const RATING_OF = invert(RATING_CODE);

export function statusOfCode(code: unknown): LocalLeadStatus | undefined {
  return typeof code === 'number' ? STATUS_OF.get(code) : undefined;
}

/** EasyCars' documented lengths of the lead and customer members we send. */
export const LIMITS = {
  VehicleMake: 100,
  VehicleModel: 50,
  StockNumber: 20,
  VehicleSourcePageURL: 400,
  Name: 100,
  Email: 100,
  Address: 200,
  City: 50,
  State: 20,
  PostCode: 10,
  Phone: 20,
  Mobile: 20,
} as const;

export interface LinkedVehicle {
  make?: string | null;
  model?: string | null;
  year?: number | null;
  category?: string | null;
  condition?: string | null;
  price?: number | string | null;
  specialPrice?: number | string | null;
  stockNumber?: string | null;
}

export type LeadCustomerFields = { [K in (typeof LEAD_CUSTOMER_FIELDS)[number]]?: string | null };

/** The lead columns the sync reads and writes. */
export interface LeadRow extends LeadCustomerFields {
  id: number;
  documentId: string;
  vehicle?: LinkedVehicle | null;
  vehicleMake?: string | null;
  vehicleModel?: string | null;
  vehicleYear?: number | null;
  vehicleType?: string | null;
  vehicleIsNew?: boolean | null;
  interest?: string | null;
  financeStatus?: string | null;
  rating?: string | null;
  status: LocalLeadStatus;
  sourcePageUrl?: string | null;
  connectionId?: string | null;
  easycarsLeadNumber?: string | null;
  easycarsCustomerNo?: string | null;
  pushStatus: 'pending' | 'pushing' | 'pushed' | 'failed' | 'skipped';
  pushAttempts?: number | null;
  pushLastError?: string | null;
  pushStartedAt?: string | Date | null;
  pushedAt?: string | Date | null;
  nextPushAt?: string | Date | null;
  pushMaybeSent?: boolean | null;
  pushRecovery?: PushRecovery | null;
  remoteStatusPushed?: LocalLeadStatus | null;
  statusPushRejected?: LocalLeadStatus | null;
  statusPushError?: string | null;
  lastRefreshedAt?: string | Date | null;
  /** Fingerprint of the EasyCars account the lead is (or may be) in; see accounts.ts. */
  easycarsAccount?: string | null;
  /** Why the lead is held back from the sync until someone checks it; cleared by hand. */
  syncReview?: string | null;
}

/** Where to look for a lead whose CreateLead may have reached EasyCars (see recovery.ts). */
export interface PushRecovery {
  /** ISO time the first possibly-delivered attempt started: the lead cannot be older than this. */
  since: string;
  /** Highest lead number known locally for the connection before that attempt: the lead is above it. */
  floor: string | null;
}

/** Trimmed text, with blank as null: how both sides' text is compared and stored. */
export function clean(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = String(value).trim();
  return text === '' ? null : text;
}

function priceOf(value: unknown): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** The stand-in vehicle of a general enquiry (a lead about no vehicle in particular); see settings.ts. */
export interface GeneralEnquiryVehicle {
  make: string;
  model: string;
  /** A local vehicle category (car, motorbike…). */
  type: string;
  /** Null: the year the lead is sent. */
  year: number | null;
  isNew: boolean;
}

/** No vehicle linked and none of the lead's own vehicle fields filled. */
export function isGeneralEnquiry(lead: LeadRow): boolean {
  return (
    !lead.vehicle &&
    !clean(lead.vehicleMake) &&
    !clean(lead.vehicleModel) &&
    !lead.vehicleYear &&
    !clean(lead.vehicleType) &&
    typeof lead.vehicleIsNew !== 'boolean'
  );
}

export type CreateLeadPlan =
  | { ok: true; request: Omit<CreateLeadInput, 'LeadCustomer'>; customer: LeadCustomer }
  | { ok: false; reason: string };

/**
 * The CreateLead request of a lead. Required vehicle members come from the linked vehicle first, then from the
 * lead's own vehicle fields; what is still missing makes the plan fail with a reason an administrator can act on.
 * The customer is built from the lead; the caller swaps in a CustomerNo when EasyCars already knows the customer.
 */
export function buildCreateLead(
  lead: LeadRow,
  generalEnquiry: GeneralEnquiryVehicle | null = null,
  now = new Date()
): CreateLeadPlan {
  if (generalEnquiry && isGeneralEnquiry(lead)) {
    lead = {
      ...lead,
      vehicleMake: generalEnquiry.make,
      vehicleModel: generalEnquiry.model,
      vehicleYear: generalEnquiry.year ?? now.getUTCFullYear(),
      vehicleType: generalEnquiry.type,
      vehicleIsNew: generalEnquiry.isNew,
    };
  }
  const vehicle = lead.vehicle ?? null;
  const make = clean(vehicle?.make)?.slice(0, LIMITS.VehicleMake) ?? clean(lead.vehicleMake);
  const model = clean(vehicle?.model)?.slice(0, LIMITS.VehicleModel) ?? clean(lead.vehicleModel);
  const year = vehicle?.year ?? lead.vehicleYear ?? null;
  const category = clean(vehicle?.category) ?? clean(lead.vehicleType);
  const type = category ? VEHICLE_TYPE_CODE[category] : undefined;
  const condition = clean(vehicle?.condition);
  const isNew = condition ? condition === 'new' : typeof lead.vehicleIsNew === 'boolean' ? lead.vehicleIsNew : null;
  const name = clean(lead.name);
  const email = clean(lead.email);

  const missing: string[] = [];
  if (!make) missing.push('vehicle make is missing: link a vehicle or fill Vehicle make');
  if (!model) missing.push('vehicle model is missing: link a vehicle or fill Vehicle model');
  if (!year) missing.push('vehicle year is missing: link a vehicle or fill Vehicle year');
  if (!type) missing.push('vehicle type is missing: link a vehicle or fill Vehicle type');
  if (isNew === null) missing.push('whether the vehicle is new is missing: link a vehicle or fill Vehicle is new');
  if (!clean(lead.easycarsCustomerNo)) {
    if (!name) missing.push('customer name is missing: fill Name');
    if (!email) missing.push('customer e-mail is missing: fill Email');
  }
  if (missing.length > 0) return { ok: false, reason: missing.join('; ') };

  const request: Omit<CreateLeadInput, 'LeadCustomer'> = {
    VehicleMake: make as string,
    VehicleModel: model as string,
    VehicleType: type as number,
    VehicleYear: Number(year),
    IsVehicleNew: isNew as boolean,
    VehicleInterest: INTEREST_CODE[lead.interest ?? 'buy'] ?? INTEREST_CODE.buy,
    ExternalID: lead.documentId,
  };
  const stockNumber = clean(vehicle?.stockNumber);
  if (stockNumber && stockNumber.length <= LIMITS.StockNumber) request.StockNumber = stockNumber;
  const price = priceOf(vehicle?.specialPrice) ?? priceOf(vehicle?.price);
  if (price !== undefined) request.VehiclePrice = price;
  const notes = clean(lead.message);
  if (notes) request.Notes = notes;
  const page = clean(lead.sourcePageUrl);
  if (page && page.length <= LIMITS.VehicleSourcePageURL) request.VehicleSourcePageURL = page;
  if (lead.financeStatus && FINANCE_CODE[lead.financeStatus]) request.FinanceStatus = FINANCE_CODE[lead.financeStatus];
  if (lead.rating && RATING_CODE[lead.rating]) request.Rating = RATING_CODE[lead.rating];

  const customer: LeadCustomer = {};
  const put = (key: keyof typeof LIMITS & keyof LeadCustomer, value: unknown) => {
    const text = clean(value);
    if (text) customer[key] = text.slice(0, LIMITS[key]);
  };
  put('Name', name);
  put('Email', email);
  put('Phone', lead.phone);
  put('Mobile', lead.mobile);
  put('Address', lead.address);
  put('City', lead.city);
  put('State', lead.state);
  put('PostCode', lead.postCode);
  return { ok: true, request, customer };
}

/**
 * The lead as EasyCars holds it, in local terms. It is the "base" of the three-way comparison (stored in the
 * record state after each sync) and the "remote" side when read back. `status` is absent when EasyCars did not say.
 */
export interface LeadView extends LeadCustomerFields {
  interest?: string | null;
  financeStatus?: string | null;
  rating?: string | null;
  easycarsCustomerNo?: string | null;
  status?: LocalLeadStatus;
}

/** Fields a refresh compares three-way (status is handled on its own: it also flows out). */
export const REFRESH_FIELDS = [...LEAD_CUSTOMER_FIELDS, 'interest', 'financeStatus', 'rating'] as const;
export type RefreshField = (typeof REFRESH_FIELDS)[number];

/** What EasyCars holds right after a successful CreateLead: what was sent, or the reused customer's own details. */
export function viewAfterCreate(
  request: Omit<CreateLeadInput, 'LeadCustomer'>,
  customer: LeadCustomer,
  customerNo: string,
  reused: Contact | null
): LeadView {
  const who = reused
    ? {
        name: clean(reused.Name),
        email: clean(reused.Email),
        phone: clean(reused.Phone),
        mobile: clean(reused.Mobile),
        address: clean(reused.Address),
        city: clean(reused.City),
        state: clean(reused.State),
        postCode: clean(reused.PostCode),
      }
    : {
        name: clean(customer.Name),
        email: clean(customer.Email),
        phone: clean(customer.Phone),
        mobile: clean(customer.Mobile),
        address: clean(customer.Address),
        city: clean(customer.City),
        state: clean(customer.State),
        postCode: clean(customer.PostCode),
      };
  return {
    ...who,
    message: clean(request.Notes),
    interest: INTEREST_OF.get(request.VehicleInterest) ?? null,
    financeStatus: request.FinanceStatus ? (FINANCE_OF.get(request.FinanceStatus) ?? null) : null,
    rating: request.Rating ? (RATING_OF.get(request.Rating) ?? null) : null,
    easycarsCustomerNo: customerNo,
    status: 'new',
  };
}

/** A GetLeadDetail answer in local terms; unknown enumeration codes are left out rather than guessed. */
export function viewOfDetail(detail: LeadDetailAnswer): LeadView {
  const view: LeadView = {
    name: clean(detail.CustomerName),
    email: clean(detail.CustomerEmail),
    phone: clean(detail.CustomerPhone),
    mobile: clean(detail.CustomerMobile),
    address: clean(detail.CustomerAddress),
    city: clean(detail.CustomerCity),
    state: clean(detail.CustomerState),
    postCode: clean(detail.CustomerPostCode),
    message: clean(detail.Notes),
    easycarsCustomerNo: clean(detail.CustomerNo),
  };
  const interest = INTEREST_OF.get(detail.VehicleInterest);
  if (interest) view.interest = interest;
  view.financeStatus = detail.FinanceStatus == null ? null : FINANCE_OF.get(detail.FinanceStatus);
  if (view.financeStatus === undefined) delete view.financeStatus;
  view.rating = detail.Rating == null ? null : RATING_OF.get(detail.Rating);
  if (view.rating === undefined) delete view.rating;
  const status = statusOfCode(detail.LeadStatus);
  if (status) view.status = status;
  return view;
}

export function localView(lead: LeadRow): LeadView & { status: LocalLeadStatus } {
  return {
    name: clean(lead.name),
    email: clean(lead.email),
    phone: clean(lead.phone),
    mobile: clean(lead.mobile),
    address: clean(lead.address),
    city: clean(lead.city),
    state: clean(lead.state),
    postCode: clean(lead.postCode),
    message: clean(lead.message),
    interest: clean(lead.interest),
    financeStatus: clean(lead.financeStatus),
    rating: clean(lead.rating),
    easycarsCustomerNo: clean(lead.easycarsCustomerNo),
    status: lead.status,
  };
}

const same = (a: unknown, b: unknown) => clean(a) === clean(b);

export interface RefreshInput {
  /** What EasyCars held after the last sync (record state); null when never recorded. */
  base: LeadView | null;
  local: LeadView & { status: LocalLeadStatus };
  remote: LeadView;
  /** The last status EasyCars is known to have. */
  remoteStatusPushed: LocalLeadStatus | null;
  /** A local status EasyCars refused: not sent again until the status changes. */
  statusPushRejected: LocalLeadStatus | null;
  /** Fields under an open conflict: left alone until someone resolves it. */
  frozen: ReadonlySet<string>;
}

export interface RefreshPlan {
  /** Local fields to overwrite with EasyCars' values. */
  apply: Partial<LeadView>;
  /** The base to store after this refresh (conflicting fields keep their old base). */
  nextBase: LeadView;
  /** Fields changed on both sides to different values. */
  conflicts: string[];
  /** The local status to send with UpdateLead, if any. */
  pushStatus: LocalLeadStatus | null;
  /** Why a local status change is not sent (Deleted is final). */
  blocked: string | null;
  /** The status EasyCars is now known to have (before any push of this refresh). */
  remoteStatus: LocalLeadStatus | null;
}

/**
 * Three-way plan of one refresh. Per field: changed only in EasyCars → applied locally; changed only here → kept
 * (and, for status, sent out); changed on both sides to different values → a conflict, nothing applied. Without a
 * base, EasyCars' values become the base and only fill empty local fields. The customer number is EasyCars' own
 * identity and always follows it. Status without `LeadStatus` in the answer: a local status that differs from the
 * last one EasyCars got is sent. Deleted is final: no other status is ever sent over it.
 */
export function planRefresh(input: RefreshInput): RefreshPlan {
  const { base, local, remote, frozen } = input;
  const apply: Partial<LeadView> = {};
  const nextBase: LeadView = { ...(base ?? {}) };
  const conflicts: string[] = [];

  for (const field of REFRESH_FIELDS) {
    if (frozen.has(field) || !(field in remote)) continue;
    const r = remote[field];
    const l = local[field];
    if (!base || !(field in base)) {
      nextBase[field] = clean(r);
      if (clean(l) === null && clean(r) !== null) apply[field] = clean(r);
      continue;
    }
    const b = base[field];
    if (same(r, b)) continue;
    if (same(l, b) || same(l, r)) {
      if (!same(l, r)) apply[field] = clean(r);
      nextBase[field] = clean(r);
    } else {
      conflicts.push(field);
    }
  }
  if (remote.easycarsCustomerNo) {
    if (!same(local.easycarsCustomerNo, remote.easycarsCustomerNo))
      apply.easycarsCustomerNo = remote.easycarsCustomerNo;
    nextBase.easycarsCustomerNo = remote.easycarsCustomerNo;
  }

  let remoteStatus = input.remoteStatusPushed;
  let wanted: LocalLeadStatus | null = null;
  if (!frozen.has('status')) {
    const l = local.status;
    const r = remote.status;
    if (r !== undefined) {
      const b = base?.status ?? input.remoteStatusPushed ?? null;
      if (b === null || r === b) {
        remoteStatus = r;
        nextBase.status = r;
        if (l !== r) wanted = l;
      } else if (l === b) {
        apply.status = r;
        remoteStatus = r;
        nextBase.status = r;
      } else if (l === r) {
        remoteStatus = r;
        nextBase.status = r;
      } else {
        conflicts.push('status');
      }
    } else if (l !== remoteStatus) {
      wanted = l;
    }
  }

  let pushStatus: LocalLeadStatus | null = null;
  let blocked: string | null = null;
  if (wanted && wanted !== input.statusPushRejected) {
    if (remoteStatus === 'deleted' && wanted !== 'deleted') {
      blocked = `Deleted is final in EasyCars: the local status "${wanted}" is not sent`;
    } else {
      pushStatus = wanted;
    }
  }
  return { apply, nextBase, conflicts, pushStatus, blocked, remoteStatus };
}

import type { Contact, LeadDetail } from '../plugins/easycars/shared/easycars/api';
import { LeadStatus } from '../plugins/easycars/shared/easycars/api';
import { formatCustomerNo, type CustomerRecord } from './accounts';
import {
  CUSTOMER_FIELDS,
  FINANCE_STATUSES,
  LEAD_LIMITS,
  LEAD_STATUSES,
  RATINGS,
  RuleError,
  VEHICLE_INTERESTS,
  VEHICLE_TYPES,
  customerFields,
  isPresent,
  newLeadCustomer,
  optionalChoice,
  optionalPrice,
  optionalString,
  requiredBoolean,
  requiredChoice,
  requiredString,
  requiredYear,
  type Body,
  type CustomerInput,
} from './lead-rules';

export interface HistoryEntry {
  at: string;
  /** `staff-update`: changed by someone at the dealership in EasyCars itself (control API), not through the API. */
  action: 'created' | 'updated' | 'staff-update';
  /** The lead source that made the change; null for a staff change. */
  clientId: string | null;
  changes: Record<string, unknown>;
}

/** Only the vendor's own lead members plus the sandbox's book-keeping. */
export interface LeadRecord
  extends Pick<
    LeadDetail,
    | 'LeadNumber'
    | 'CustomerNo'
    | 'StockNumber'
    | 'VehicleMake'
    | 'VehicleModel'
    | 'VehiclePrice'
    | 'VehicleType'
    | 'VehicleYear'
    | 'IsVehicleNew'
    | 'VehicleInterest'
    | 'Notes'
    | 'VehicleSourcePageURL'
    | 'FinanceStatus'
    | 'Rating'
    | 'ExternalID'
  > {
  AccountNumber: string;
  clientId: string;
  LeadStatus: number;
  createdAt: Date;
  attachedToStock: boolean;
  history: HistoryEntry[];
}

/** Members that UpdateLead may not change. */
const IMMUTABLE = [
  'VehicleMake',
  'VehicleModel',
  'VehicleType',
  'VehicleYear',
  'IsVehicleNew',
  'StockNumber',
  'ExternalID',
] as const;

type Changeable =
  | 'VehiclePrice'
  | 'VehicleInterest'
  | 'Notes'
  | 'VehicleSourcePageURL'
  | 'FinanceStatus'
  | 'Rating'
  | 'LeadStatus';

const SYDNEY = new Intl.DateTimeFormat('en-AU', {
  timeZone: 'Australia/Sydney',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** `dd/MM/yyyy HH:mm:ss` in Sydney local time, without offset, as the Lead service prints it. */
export function sydneyDateTime(date: Date): string {
  const part: Record<string, string> = {};
  for (const { type, value } of SYDNEY.formatToParts(date)) part[type] = value;
  return `${part.day}/${part.month}/${part.year} ${part.hour}:${part.minute}:${part.second}`;
}

export function formatLeadNumber(n: number): string {
  return String(n).padStart(6, '0');
}

function emptyToNull(value: string): string | null {
  return value === '' ? null : value;
}

function toContact(c: CustomerRecord): Contact {
  return {
    CustomerNo: c.CustomerNo,
    Name: c.Name,
    Email: c.Email,
    Phone: c.Phone,
    Mobile: c.Mobile,
    Address: c.Address,
    City: c.City,
    State: c.State,
    PostCode: c.PostCode,
    Country: c.Country,
    ABN: c.ABN,
  };
}

/** The leads and customers of one account, shared by every lead source (client) that writes to it. */
export class LeadBook {
  private readonly leads = new Map<string, LeadRecord>();
  private readonly customers = new Map<string, CustomerRecord>();
  private nextLead = 1;
  private nextCustomer: number;

  constructor(
    readonly accountNumber: string,
    seeded: CustomerRecord[]
  ) {
    for (const customer of seeded) this.customers.set(customer.CustomerNo, { ...customer });
    this.nextCustomer = seeded.length + 1;
  }

  private findCustomer(customerNo: string): CustomerRecord {
    const key = /^\d+$/.test(customerNo) ? formatCustomerNo(Number(customerNo)) : customerNo;
    const customer = this.customers.get(key);
    if (!customer) throw new RuleError(`LeadCustomer.CustomerNo ${customerNo} not found`);
    return customer;
  }

  /** `clientId` null: EasyCars staff, who see every lead of the account whatever its lead source. */
  private findLead(body: Body, clientId: string | null): LeadRecord {
    const number = requiredString(body, 'LeadNumber', 20);
    const key = /^\d{1,6}$/.test(number) ? formatLeadNumber(Number(number)) : number;
    const lead = this.leads.get(key);
    if (!lead) throw new RuleError('Lead not found.');
    if (clientId !== null && lead.clientId !== clientId) throw new RuleError('Lead not found for this lead source.');
    return lead;
  }

  /** Whether a lead of this number exists (staff changes answer 404 rather than a rule error for an unknown one). */
  has(leadNumber: string): boolean {
    const key = /^\d{1,6}$/.test(leadNumber) ? formatLeadNumber(Number(leadNumber)) : leadNumber;
    return this.leads.has(key);
  }

  private addCustomer(input: CustomerInput): CustomerRecord {
    const customer: CustomerRecord = {
      CustomerNo: formatCustomerNo(this.nextCustomer++),
      Name: input.Name ?? '',
      Email: input.Email ?? '',
      Phone: input.Phone ?? '',
      Mobile: input.Mobile ?? '',
      Address: input.Address ?? '',
      City: input.City ?? '',
      State: input.State ?? '',
      PostCode: input.PostCode ?? '',
      Country: '',
      ABN: '',
      Fax: input.Fax ?? '',
    };
    this.customers.set(customer.CustomerNo, customer);
    return customer;
  }

  create(
    body: Body,
    clientId: string,
    stockExists: (stockNumber: string) => boolean,
    now = new Date()
  ): { LeadNumber: string; CustomerNo: string } {
    const fields = {
      StockNumber: optionalString(body, 'StockNumber', LEAD_LIMITS.StockNumber) ?? null,
      VehicleMake: requiredString(body, 'VehicleMake', LEAD_LIMITS.VehicleMake),
      VehicleModel: requiredString(body, 'VehicleModel', LEAD_LIMITS.VehicleModel),
      VehiclePrice: optionalPrice(body, 'VehiclePrice') ?? null,
      VehicleType: requiredChoice(body, 'VehicleType', VEHICLE_TYPES),
      VehicleYear: requiredYear(body, 'VehicleYear', now),
      IsVehicleNew: requiredBoolean(body, 'IsVehicleNew'),
      VehicleInterest: requiredChoice(body, 'VehicleInterest', VEHICLE_INTERESTS),
      Notes: optionalString(body, 'Notes', null) ?? null,
      VehicleSourcePageURL: optionalString(body, 'VehicleSourcePageURL', LEAD_LIMITS.VehicleSourcePageURL) ?? null,
      FinanceStatus: optionalChoice(body, 'FinanceStatus', FINANCE_STATUSES) ?? null,
      Rating: optionalChoice(body, 'Rating', RATINGS) ?? null,
      ExternalID: optionalString(body, 'ExternalID', LEAD_LIMITS.ExternalID) ?? null,
    };
    const customerInput = newLeadCustomer(body);
    // an existing customer is attached as is; the other members are ignored then
    const customer = customerInput.CustomerNo
      ? this.findCustomer(customerInput.CustomerNo)
      : this.addCustomer(customerInput);
    const lead: LeadRecord = {
      LeadNumber: formatLeadNumber(this.nextLead++),
      AccountNumber: this.accountNumber,
      clientId,
      CustomerNo: customer.CustomerNo,
      ...fields,
      LeadStatus: LeadStatus.New,
      createdAt: now,
      attachedToStock: fields.StockNumber !== null && stockExists(fields.StockNumber),
      history: [],
    };
    lead.history.push({
      at: now.toISOString(),
      action: 'created',
      clientId,
      changes: { ...fields, LeadCustomer: customerInput },
    });
    this.leads.set(lead.LeadNumber, lead);
    return { LeadNumber: lead.LeadNumber, CustomerNo: lead.CustomerNo };
  }

  /**
   * UpdateLead's rules. With `clientId` null the change is made by EasyCars staff: any lead source's lead, recorded
   * in its history as a `staff-update`.
   */
  update(body: Body, clientId: string | null, now = new Date()): { LeadNumber: string; CustomerNo: string } {
    const lead = this.findLead(body, clientId);
    for (const field of IMMUTABLE) {
      const given = body[field];
      const current = lead[field];
      const same = given === current || ((given === null || given === '') && current === null);
      if (given !== undefined && !same) throw new RuleError(`${field} cannot be changed after the lead is created`);
    }
    const wanted: Partial<Record<Changeable, string | number>> = {
      VehiclePrice: optionalPrice(body, 'VehiclePrice'),
      VehicleInterest: optionalChoice(body, 'VehicleInterest', VEHICLE_INTERESTS),
      Notes: optionalString(body, 'Notes', null),
      VehicleSourcePageURL: optionalString(body, 'VehicleSourcePageURL', LEAD_LIMITS.VehicleSourcePageURL),
      FinanceStatus: optionalChoice(body, 'FinanceStatus', FINANCE_STATUSES),
      Rating: optionalChoice(body, 'Rating', RATINGS),
      LeadStatus: optionalChoice(body, 'LeadStatus', LEAD_STATUSES),
    };
    const customerInput = isPresent(body.LeadCustomer) ? customerFields(body.LeadCustomer) : {};
    for (const field of ['Name', 'Email'] as const) {
      if (customerInput[field] !== undefined && customerInput[field]?.trim() === '') {
        throw new RuleError(`LeadCustomer.${field} cannot be empty`);
      }
    }

    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const [field, value] of Object.entries(wanted) as [Changeable, string | number | undefined][]) {
      if (value !== undefined && lead[field] !== value) changes[field] = { from: lead[field], to: value };
    }
    let customer = this.findCustomer(lead.CustomerNo);
    if (customerInput.CustomerNo && customerInput.CustomerNo !== lead.CustomerNo) {
      const target = this.findCustomer(customerInput.CustomerNo);
      if (target.CustomerNo !== lead.CustomerNo) changes.CustomerNo = { from: lead.CustomerNo, to: target.CustomerNo };
      customer = target;
    }
    const customerChanges: Partial<Record<string, string>> = {};
    for (const field of CUSTOMER_FIELDS) {
      const value = customerInput[field];
      if (field === 'CustomerNo' || value === undefined || customer[field] === value) continue;
      changes[`LeadCustomer.${field}`] = { from: customer[field], to: value };
      customerChanges[field] = value;
    }

    if (lead.LeadStatus === LeadStatus.Deleted && Object.keys(changes).length > 0) {
      throw new RuleError('Lead is deleted and can no longer be changed (LeadStatus 90 is final).');
    }
    if (Object.keys(changes).length === 0) return { LeadNumber: lead.LeadNumber, CustomerNo: lead.CustomerNo };

    for (const [field, value] of Object.entries(wanted) as [Changeable, string | number | undefined][]) {
      if (value === undefined) continue;
      if (field === 'Notes' || field === 'VehicleSourcePageURL') lead[field] = String(value);
      else lead[field] = Number(value);
    }
    lead.CustomerNo = customer.CustomerNo;
    Object.assign(customer, customerChanges);
    lead.history.push({
      at: now.toISOString(),
      action: clientId === null ? 'staff-update' : 'updated',
      clientId,
      changes,
    });
    return { LeadNumber: lead.LeadNumber, CustomerNo: lead.CustomerNo };
  }

  /** The documented flat GetLeadDetail payload; LeadStatus only when the deployment adds it. */
  detail(body: Body, clientId: string, withStatus: boolean): Omit<LeadDetail, 'Code' | 'ErrorMessage'> {
    const lead = this.findLead(body, clientId);
    const customer = this.findCustomer(lead.CustomerNo);
    const detail: Omit<LeadDetail, 'Code' | 'ErrorMessage'> = {
      LeadNumber: lead.LeadNumber,
      StockNumber: lead.StockNumber,
      VehicleMake: lead.VehicleMake,
      VehicleModel: lead.VehicleModel,
      VehiclePrice: lead.VehiclePrice,
      VehicleType: lead.VehicleType,
      VehicleYear: lead.VehicleYear,
      IsVehicleNew: lead.IsVehicleNew,
      VehicleInterest: lead.VehicleInterest,
      Notes: lead.Notes,
      VehicleSourcePageURL: lead.VehicleSourcePageURL,
      FinanceStatus: lead.FinanceStatus,
      Rating: lead.Rating,
      ExternalID: lead.ExternalID,
      CreatedDateTime: sydneyDateTime(lead.createdAt),
      CustomerNo: customer.CustomerNo,
      CustomerName: emptyToNull(customer.Name),
      CustomerEmail: emptyToNull(customer.Email),
      CustomerAddress: emptyToNull(customer.Address),
      CustomerCity: emptyToNull(customer.City),
      CustomerState: emptyToNull(customer.State),
      CustomerPostCode: emptyToNull(customer.PostCode),
      CustomerFax: emptyToNull(customer.Fax),
      CustomerPhone: emptyToNull(customer.Phone),
      CustomerMobile: emptyToNull(customer.Mobile),
    };
    if (withStatus) detail.LeadStatus = lead.LeadStatus;
    return detail;
  }

  /** Name: case-insensitive substring; Email: exact, case-insensitive; Phone: exact against Phone or Mobile. */
  search(body: Body): Contact[] {
    const name = optionalString(body, 'Name', 100)?.trim() ?? '';
    const email = optionalString(body, 'Email', 100)?.trim() ?? '';
    const phone = optionalString(body, 'Phone', 20)?.trim() ?? '';
    if (!name && !email && !phone) throw new RuleError('At least one of Name, Email or Phone is required');
    const matches = [...this.customers.values()].filter(
      (c) =>
        (!name || c.Name.toLowerCase().includes(name.toLowerCase())) &&
        (!email || c.Email.toLowerCase() === email.toLowerCase()) &&
        (!phone || c.Phone === phone || c.Mobile === phone)
    );
    return matches.map(toContact);
  }

  listLeads(): (Omit<LeadRecord, 'createdAt'> & {
    createdAt: string;
    CreatedDateTime: string;
    LeadCustomer: CustomerRecord;
  })[] {
    return [...this.leads.values()].map((lead) => ({
      ...lead,
      createdAt: lead.createdAt.toISOString(),
      CreatedDateTime: sydneyDateTime(lead.createdAt),
      LeadCustomer: { ...this.findCustomer(lead.CustomerNo) },
      history: lead.history.map((entry) => ({ ...entry })),
    }));
  }

  listCustomers(): CustomerRecord[] {
    return [...this.customers.values()].map((c) => ({ ...c }));
  }
}

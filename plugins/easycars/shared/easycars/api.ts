/** Vendor-level facts of the EasyCars API shared by the client and the sandbox. */

export type EasyCarsService = 'StockService' | 'LeadService';
export type EasyCarsEnvironment = 'test' | 'production';

/** Response codes of every EasyCars answer. */
export const ResponseCode = {
  Success: 0,
  AuthenticationFail: 1,
  Warning: 5,
  Failed: 7,
  SystemError: 9,
} as const;
export type ResponseCodeValue = (typeof ResponseCode)[keyof typeof ResponseCode];

/** Path prefix of each environment; only the host differs between the real API and the sandbox. */
export const ENVIRONMENT_PREFIX: Record<EasyCarsEnvironment, string> = {
  test: '/TestECService',
  production: '/ECService',
};

export const DEFAULT_BASE_URL: Record<EasyCarsEnvironment, string> = {
  test: 'https://testmy.easycars.com.au',
  production: 'https://my.easycars.net.au',
};

/**
 * Where the calls of a client go: the base URL (or the environment's EasyCars host) plus the environment's path
 * prefix, e.g. https://testmy.easycars.com.au/TestECService. Credentials are sealed for this value.
 */
export function rootOf(environment: EasyCarsEnvironment, baseUrl?: string | null): string {
  if (!ENVIRONMENT_PREFIX[environment]) throw new TypeError('EasyCars environment must be "test" or "production"');
  return normaliseBaseUrl(baseUrl || DEFAULT_BASE_URL[environment]) + ENVIRONMENT_PREFIX[environment];
}

function normaliseBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TypeError('EasyCars base URL is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError('EasyCars base URL must use http or https');
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new TypeError('EasyCars base URL must not contain credentials, a query or a fragment');
  }
  return url.toString().replace(/\/+$/, '');
}

export interface Envelope {
  Code?: number | null;
  ErrorMessage?: string | null;
}

export const VehicleType = { Car: 1, MotorBike: 2, Boat: 3, Caravan: 4, TruckOrBus: 5, Trailer: 6 } as const;
export const VehicleInterest = { Buy: 1, Lease: 2, Sell: 3, TestDrive: 4, Service: 5 } as const;
export const FinanceStatus = { Yes: 1, No: 2, Maybe: 3 } as const;
export const Rating = { Cold: 1, Warm: 2, Hot: 3 } as const;
export const LeadStatus = { New: 10, InProgress: 30, Won: 50, Lost: 60, Deleted: 90 } as const;
export type LeadStatusValue = (typeof LeadStatus)[keyof typeof LeadStatus];

export interface LeadCustomer {
  CustomerNo?: string;
  Name?: string;
  Email?: string;
  Address?: string;
  City?: string;
  State?: string;
  PostCode?: string;
  Fax?: string;
  Phone?: string;
  Mobile?: string;
}

export interface AccountCredentials {
  AccountNumber: string;
  AccountSecret: string;
}

export interface GetAdvertisementStocksRequest extends AccountCredentials {
  YardCode?: string;
}

export interface CreateLeadRequest extends AccountCredentials {
  StockNumber?: string;
  VehicleMake: string;
  VehicleModel: string;
  VehiclePrice?: number | null;
  VehicleType: number;
  VehicleYear: number;
  IsVehicleNew: boolean;
  VehicleInterest: number;
  Notes?: string;
  VehicleSourcePageURL?: string;
  FinanceStatus?: number;
  Rating?: number;
  ExternalID?: string;
  LeadCustomer: LeadCustomer;
}

export interface LeadNumbers extends Envelope {
  LeadNumber: string;
  CustomerNo: string;
}

export interface UpdateLeadRequest extends AccountCredentials {
  LeadNumber: string;
  VehiclePrice?: number | null;
  VehicleInterest?: number;
  Notes?: string;
  VehicleSourcePageURL?: string;
  FinanceStatus?: number;
  Rating?: number;
  LeadStatus?: number;
  LeadCustomer?: LeadCustomer;
}

export interface GetLeadDetailRequest extends AccountCredentials {
  LeadNumber: string;
}

export interface LeadDetail extends Envelope {
  LeadNumber: string;
  StockNumber: string | null;
  VehicleMake: string;
  VehicleModel: string;
  VehiclePrice: number | null;
  VehicleType: number;
  VehicleYear: number;
  IsVehicleNew: boolean;
  VehicleInterest: number;
  Notes: string | null;
  VehicleSourcePageURL: string | null;
  FinanceStatus: number | null;
  Rating: number | null;
  ExternalID: string | null;
  CreatedDateTime: string; // dd/MM/yyyy HH:mm:ss, Sydney local time
  CustomerNo: string;
  CustomerName: string | null;
  CustomerEmail: string | null;
  CustomerAddress: string | null;
  CustomerCity: string | null;
  CustomerState: string | null;
  CustomerPostCode: string | null;
  CustomerFax: string | null;
  CustomerPhone: string | null;
  CustomerMobile: string | null;
  /** Not in the documented answer; some deployments add it. */
  LeadStatus?: number;
}

export interface SearchContactsRequest extends AccountCredentials {
  Name?: string;
  Email?: string;
  Phone?: string;
}

export interface Contact {
  CustomerNo: string;
  Name: string;
  Email: string;
  Phone: string;
  Mobile: string;
  Address: string;
  City: string;
  State: string;
  PostCode: string;
  Country: string;
  ABN: string;
}

export interface SearchContactsResponse extends Envelope {
  Contacts: Contact[];
}

export interface StockListResponse extends Envelope {
  StockList: import('./stock-item').StockItem[];
}

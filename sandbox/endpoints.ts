import type { EasyCarsService } from '../plugins/easycars/shared/easycars/api';

export const API_ENDPOINTS = [
  'RequestToken',
  'GetAdvertisementStocks',
  'CreateLead',
  'UpdateLead',
  'GetLeadDetail',
  'SearchContacts',
] as const;
export type ApiEndpoint = (typeof API_ENDPOINTS)[number];

/** What the call log and faults call image downloads. */
export const IMAGE_ENDPOINT = 'Image';
export type VendorEndpoint = ApiEndpoint | typeof IMAGE_ENDPOINT;

export const SERVICE_ENDPOINTS: Record<EasyCarsService, readonly ApiEndpoint[]> = {
  StockService: ['RequestToken', 'GetAdvertisementStocks'],
  LeadService: ['RequestToken', 'CreateLead', 'UpdateLead', 'GetLeadDetail', 'SearchContacts'],
};

export const SERVICES = Object.keys(SERVICE_ENDPOINTS) as EasyCarsService[];

/** Both environments' path prefixes reach the same sandbox. */
const VENDOR_PATH = /^\/(?:Test)?ECService\/(StockService|LeadService)\/([A-Za-z]+)\/?$/i;

export interface VendorRoute {
  service: EasyCarsService;
  endpoint: ApiEndpoint;
}

/** The route of a vendor path, matched case-insensitively like the .NET service; null when unknown. */
export function matchVendorPath(pathname: string): VendorRoute | null {
  const match = VENDOR_PATH.exec(pathname);
  if (!match) return null;
  const service = SERVICES.find((s) => s.toLowerCase() === match[1].toLowerCase());
  const endpoint = service && SERVICE_ENDPOINTS[service].find((e) => e.toLowerCase() === match[2].toLowerCase());
  return service && endpoint ? { service, endpoint } : null;
}

/**
 * Whether a name given to faults or the call-log filter designates this call: "*" (every API call, not images),
 * the bare endpoint name, or "Service/Endpoint".
 */
export function endpointMatches(name: string, endpoint: VendorEndpoint, service: EasyCarsService | null): boolean {
  if (name === '*') return endpoint !== IMAGE_ENDPOINT;
  return name === endpoint || (service !== null && name === `${service}/${endpoint}`);
}

export const KNOWN_ENDPOINT_NAMES: readonly string[] = [
  '*',
  IMAGE_ENDPOINT,
  ...API_ENDPOINTS,
  ...SERVICES.flatMap((service) => SERVICE_ENDPOINTS[service].map((endpoint) => `${service}/${endpoint}`)),
];

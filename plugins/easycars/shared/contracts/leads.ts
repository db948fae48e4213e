/** The vocabulary of leads, shared by the server, the admin and the configuration: statuses and EasyCars codes. */

export const LEAD_STATUSES = ['new', 'in-progress', 'won', 'lost', 'deleted'] as const;
export type LocalLeadStatus = (typeof LEAD_STATUSES)[number];

export const STATUS_CODE: Record<LocalLeadStatus, number> = {
  new: 10,
  'in-progress': 30,
  won: 50,
  lost: 60,
  deleted: 90,
};
export const INTEREST_CODE: Record<string, number> = { buy: 1, lease: 2, sell: 3, 'test-drive': 4, service: 5 };
export const FINANCE_CODE: Record<string, number> = { yes: 1, no: 2, maybe: 3 };
export const RATING_CODE: Record<string, number> = { cold: 1, warm: 2, hot: 3 };
/** Vehicle category (from the stock's StockType letter) → EasyCars VehicleType. */
export const VEHICLE_TYPE_CODE: Record<string, number> = {
  car: 1,
  motorbike: 2,
  boat: 3,
  caravan: 4,
  truck: 5,
  trailer: 6,
};

/** The customer and message of a lead, the same on the local row and on EasyCars' side: personal data. */
export const LEAD_CUSTOMER_FIELDS = [
  'name',
  'email',
  'phone',
  'mobile',
  'address',
  'city',
  'state',
  'postCode',
  'message',
] as const;

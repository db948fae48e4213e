/**
 * The EasyCars StockItem exactly as GetAdvertisementStocks returns it (72 members, PascalCase).
 * Shared by the API client, the sync mapper and the sandbox so all three agree on one shape.
 */
export interface StockItem {
  // identity
  YardCode: string;
  YardName: string;
  StockNumber: string;
  VIN: string;
  RegoNum: string;
  RegoState: string;
  RegoExpiry: string | null; // dd/mm/yyyy
  // vehicle
  Make: string;
  Model: string;
  Badge: string;
  Series: string;
  YearGroup: number;
  Body: string;
  Colour: string;
  InteriorColor: string;
  DoorNum: number | null;
  SeatCapacity: number | null;
  DriveTrain: string;
  GearType: string;
  GearCount: number | null;
  FuelType: string;
  // engine
  EngineCapacity: string;
  EngineSize: number | null;
  Cylinder: string;
  EngineTypeDescription: string;
  EngineMake: string;
  EngineNumber: string;
  EnginePower: number | null;
  PowerkW: number | null;
  Powerhp: number | null;
  // price & status
  Price: number | null;
  AdvSpecialPrice: number | null;
  IsDriveAway: boolean | null;
  IsSpecial: boolean;
  IsDemo: boolean;
  IsUsed: boolean;
  IsPrestiged: boolean;
  IsDepositTaken: boolean;
  StockStatus: string;
  StockType: StockTypeLetter;
  // usage
  Odometer: number | null;
  IsMiles: boolean;
  // text
  AdvDescription: string;
  ShortDescription: string;
  AdditionalDescription: string;
  Warranty: string;
  Location: string;
  VideoLink: string;
  // features: one comma-separated string each
  StandardFeatures: string;
  OptionalFeatures: string;
  // specs
  GCM: number | null;
  GVM: number | null;
  Tare: number | null;
  Length: number | null;
  SleepingCapacity: number | null;
  Toilet: string;
  Shower: string;
  AirConditioning: string;
  Fridge: string;
  Stereo: string;
  GPS: string;
  Wheelsize: string;
  Wheels: string;
  TowBallWeight: string;
  AxleConfiguration: string;
  BuiltDate: string;
  ComplianceDate: string;
  RedbookCode: string;
  NVIC: string;
  SerialNumber: string;
  // images: one comma-separated string of absolute URLs
  ImageCount: number;
  ImageURLs: string;
}

/** A car, B boat, C caravan/camper, H heavy truck/bus, M motorbike, T trailer. */
export type StockTypeLetter = 'A' | 'B' | 'C' | 'H' | 'M' | 'T';

/** Every member of a StockItem, in the vendor's documented order. */
export const STOCK_ITEM_FIELDS = [
  'YardCode',
  'YardName',
  'StockNumber',
  'VIN',
  'RegoNum',
  'RegoState',
  'RegoExpiry',
  'Make',
  'Model',
  'Badge',
  'Series',
  'YearGroup',
  'Body',
  'Colour',
  'InteriorColor',
  'DoorNum',
  'SeatCapacity',
  'DriveTrain',
  'GearType',
  'GearCount',
  'FuelType',
  'EngineCapacity',
  'EngineSize',
  'Cylinder',
  'EngineTypeDescription',
  'EngineMake',
  'EngineNumber',
  'EnginePower',
  'PowerkW',
  'Powerhp',
  'Price',
  'AdvSpecialPrice',
  'IsDriveAway',
  'IsSpecial',
  'IsDemo',
  'IsUsed',
  'IsPrestiged',
  'IsDepositTaken',
  'StockStatus',
  'StockType',
  'Odometer',
  'IsMiles',
  'AdvDescription',
  'ShortDescription',
  'AdditionalDescription',
  'Warranty',
  'Location',
  'VideoLink',
  'StandardFeatures',
  'OptionalFeatures',
  'GCM',
  'GVM',
  'Tare',
  'Length',
  'SleepingCapacity',
  'Toilet',
  'Shower',
  'AirConditioning',
  'Fridge',
  'Stereo',
  'GPS',
  'Wheelsize',
  'Wheels',
  'TowBallWeight',
  'AxleConfiguration',
  'BuiltDate',
  'ComplianceDate',
  'RedbookCode',
  'NVIC',
  'SerialNumber',
  'ImageCount',
  'ImageURLs',
] as const satisfies readonly (keyof StockItem)[];

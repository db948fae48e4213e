import type { StockTypeLetter } from '../plugins/easycars/shared/easycars/stock-item';

/** Reference data for the stock and contact generators: what an Australian dealership's feed typically holds. */

export interface EngineSpec {
  capacity: string; // "2.0L", "" when there is no engine
  cc: number | null;
  cylinder: string; // vendor code such as "TT4", not a count
  description: string;
  kw: number | null;
  fuel: string;
  gears: readonly (readonly [string, number | null])[];
}

export interface ModelSpec {
  type: StockTypeLetter;
  make: string;
  model: string;
  badges: readonly string[];
  series: readonly string[];
  bodies: readonly string[];
  engines: readonly EngineSpec[];
  drives: readonly string[];
  doors: number | null;
  seats: number | null;
  newPrice: readonly [number, number];
  prestige?: boolean;
}

const AUTO6: readonly [string, number] = ['6 SP AUTOMATIC', 6];
const AUTO8: readonly [string, number] = ['8 SP AUTOMATIC', 8];
const AUTO10: readonly [string, number] = ['10 SP AUTOMATIC', 10];
const MAN6: readonly [string, number] = ['6 SP MANUAL', 6];
const CVT: readonly [string, number | null] = ['CONTINUOUS VARIABLE', null];
const NO_ENGINE: EngineSpec = { capacity: '', cc: null, cylinder: '', description: '', kw: null, fuel: '', gears: [['', null]] };

function car(spec: Omit<ModelSpec, 'type'>): ModelSpec {
  return { type: 'A', ...spec };
}

export const CARS: readonly ModelSpec[] = [
  car({
    make: 'TOYOTA', model: 'HILUX', badges: ['SR', 'SR5', 'ROGUE', 'WORKMATE'], series: ['GUN126R', 'GUN136R'],
    bodies: ['DUAL CAB UTILITY', 'CAB CHASSIS'], drives: ['4X4', '4X2'], doors: 4, seats: 5, newPrice: [38000, 72000],
    engines: [{ capacity: '2.8L', cc: 2755, cylinder: 'T4', description: 'Turbo', kw: 150, fuel: 'Diesel', gears: [AUTO6, MAN6] }],
  }),
  car({
    make: 'TOYOTA', model: 'COROLLA', badges: ['ASCENT SPORT', 'SX', 'ZR'], series: ['MZEA12R', 'ZWE211R'],
    bodies: ['5D HATCHBACK', '4D SEDAN'], drives: ['FWD'], doors: 4, seats: 5, newPrice: [28000, 38000],
    engines: [
      { capacity: '2.0L', cc: 1987, cylinder: '4', description: 'Piston', kw: 126, fuel: 'Petrol', gears: [['10 SP CONSTANTLY VARIABLE TRANSMISSION', 10]] },
      { capacity: '1.8L', cc: 1798, cylinder: '4', description: 'Hybrid', kw: 90, fuel: 'Hybrid', gears: [CVT] },
    ],
  }),
  car({
    make: 'TOYOTA', model: 'RAV4', badges: ['GX', 'GXL', 'CRUISER', 'EDGE'], series: ['AXAH52R', 'AXAH54R', 'MXAA52R'],
    bodies: ['4D WAGON'], drives: ['FWD', 'AWD'], doors: 4, seats: 5, newPrice: [37000, 56000],
    engines: [
      { capacity: '2.5L', cc: 2487, cylinder: '4', description: 'Hybrid', kw: 160, fuel: 'Hybrid', gears: [CVT] },
      { capacity: '2.0L', cc: 1987, cylinder: '4', description: 'Piston', kw: 127, fuel: 'Petrol', gears: [['10 SP CONSTANTLY VARIABLE TRANSMISSION', 10]] },
    ],
  }),
  car({
    make: 'TOYOTA', model: 'LANDCRUISER', badges: ['GX', 'GXL', 'VX', 'SAHARA'], series: ['FJA300R'],
    bodies: ['4D WAGON'], drives: ['4X4'], doors: 4, seats: 7, newPrice: [90000, 140000],
    engines: [{ capacity: '3.3L', cc: 3346, cylinder: 'TT6', description: 'Twin Turbo', kw: 227, fuel: 'Diesel', gears: [AUTO10] }],
  }),
  car({
    make: 'MAZDA', model: 'CX-5', badges: ['MAXX', 'MAXX SPORT', 'TOURING', 'GT SP', 'AKERA'], series: ['KF SERIES', 'KF4WLA'],
    bodies: ['4D WAGON'], drives: ['FWD', 'AWD'], doors: 4, seats: 5, newPrice: [35000, 54000],
    engines: [
      { capacity: '2.5L', cc: 2488, cylinder: '4', description: 'Piston', kw: 140, fuel: 'Petrol', gears: [AUTO6] },
      { capacity: '2.2L', cc: 2191, cylinder: 'TT4', description: 'Twin Turbo', kw: 140, fuel: 'Diesel', gears: [AUTO6] },
    ],
  }),
  car({
    make: 'MAZDA', model: '3', badges: ['G20 PURE', 'G20 EVOLVE', 'G25 GT', 'G25 ASTINA'], series: ['BP SERIES', 'BP2HLA'],
    bodies: ['5D HATCHBACK', '4D SEDAN'], drives: ['FWD'], doors: 4, seats: 5, newPrice: [30000, 44000],
    engines: [{ capacity: '2.0L', cc: 1998, cylinder: '4', description: 'Piston', kw: 114, fuel: 'Petrol', gears: [AUTO6, MAN6] }],
  }),
  car({
    make: 'MAZDA', model: 'BT-50', badges: ['XT', 'XTR', 'GT', 'THUNDER'], series: ['TF', 'TFS40J'],
    bodies: ['DUAL CAB PICK-UP', 'CAB CHASSIS'], drives: ['4X4', '4X2'], doors: 4, seats: 5, newPrice: [42000, 68000],
    engines: [{ capacity: '3.0L', cc: 2999, cylinder: 'T4', description: 'Turbo', kw: 140, fuel: 'Diesel', gears: [AUTO6, MAN6] }],
  }),
  car({
    make: 'VOLVO', model: 'XC60', badges: ['D5 INSCRIPTION', 'B5 MOMENTUM', 'B6 R-DESIGN', 'ULTIMATE B5 BRIGHT'],
    series: ['MY19', 'MY22', 'MY24'], bodies: ['4D WAGON'], drives: ['AWD'], doors: 4, seats: 5, newPrice: [72000, 92000],
    prestige: true,
    engines: [
      { capacity: '2.0L', cc: 1969, cylinder: 'TT4', description: 'Twin Turbo', kw: 173, fuel: 'Diesel', gears: [['8 SP AUTOMATIC GEARTRONIC', 8]] },
      { capacity: '2.0L', cc: 1969, cylinder: 'T4', description: 'Mild Hybrid', kw: 184, fuel: 'Petrol', gears: [['8 SP AUTOMATIC GEARTRONIC', 8]] },
    ],
  }),
  car({
    make: 'VOLVO', model: 'XC40', badges: ['T4 MOMENTUM', 'B5 R-DESIGN', 'T5 INSCRIPTION'], series: ['MY21', 'MY23'],
    bodies: ['4D WAGON'], drives: ['FWD', 'AWD'], doors: 4, seats: 5, newPrice: [52000, 72000], prestige: true,
    engines: [{ capacity: '2.0L', cc: 1969, cylinder: 'T4', description: 'Turbo', kw: 140, fuel: 'Petrol', gears: [['8 SP AUTOMATIC GEARTRONIC', 8]] }],
  }),
  car({
    make: 'FORD', model: 'RANGER', badges: ['XL', 'XLS', 'XLT 3.2 (4x4)', 'WILDTRAK', 'RAPTOR'], series: ['PX MKIII', 'PY'],
    bodies: ['DOUBLE CAB PICK-UP', 'SUPER CAB CHASSIS'], drives: ['4X4', '4X2'], doors: 4, seats: 5, newPrice: [40000, 88000],
    engines: [
      { capacity: '3.2L', cc: 3198, cylinder: 'T5', description: 'Turbo', kw: 147, fuel: 'Diesel', gears: [AUTO6, MAN6] },
      { capacity: '2.0L', cc: 1996, cylinder: 'TT4', description: 'Twin Turbo', kw: 157, fuel: 'Diesel', gears: [AUTO10] },
    ],
  }),
  car({
    make: 'FORD', model: 'EVEREST', badges: ['AMBIENTE', 'TREND', 'SPORT', 'PLATINUM'], series: ['UA II', 'UB'],
    bodies: ['4D WAGON'], drives: ['4X4', 'RWD'], doors: 4, seats: 7, newPrice: [55000, 80000],
    engines: [{ capacity: '2.0L', cc: 1996, cylinder: 'TT4', description: 'Twin Turbo', kw: 154, fuel: 'Diesel', gears: [AUTO10] }],
  }),
  car({
    make: 'FORD', model: 'MUSTANG', badges: ['GT', 'HIGH PERFORMANCE', 'MACH 1'], series: ['FN MY20', 'S650'],
    bodies: ['2D FASTBACK', '2D CONVERTIBLE'], drives: ['RWD'], doors: 2, seats: 4, newPrice: [62000, 90000],
    engines: [{ capacity: '5.0L', cc: 5038, cylinder: 'V8', description: 'Piston', kw: 339, fuel: 'Petrol', gears: [AUTO10, MAN6] }],
  }),
  car({
    make: 'HYUNDAI', model: 'I30', badges: ['ACTIVE', 'ELITE', 'N LINE', 'N LINE PREMIUM'], series: ['PD2', 'CN7'],
    bodies: ['5D HATCHBACK', '4D SEDAN'], drives: ['FWD'], doors: 4, seats: 5, newPrice: [27000, 40000],
    engines: [{ capacity: '2.0L', cc: 1999, cylinder: '4', description: 'Piston', kw: 120, fuel: 'Petrol', gears: [AUTO6, MAN6] }],
  }),
  car({
    make: 'HYUNDAI', model: 'TUCSON', badges: ['ELITE', 'HIGHLANDER', 'N LINE'], series: ['NX4.V1', 'NX4.V2'],
    bodies: ['4D WAGON'], drives: ['FWD', 'AWD'], doors: 4, seats: 5, newPrice: [36000, 56000],
    engines: [{ capacity: '2.0L', cc: 1999, cylinder: '4', description: 'Piston', kw: 115, fuel: 'Petrol', gears: [AUTO6] }],
  }),
  car({
    make: 'KIA', model: 'SPORTAGE', badges: ['S', 'SX', 'SX+', 'GT-LINE'], series: ['NQ5 MY23'],
    bodies: ['4D WAGON'], drives: ['FWD', 'AWD'], doors: 4, seats: 5, newPrice: [35000, 55000],
    engines: [{ capacity: '2.0L', cc: 1999, cylinder: '4', description: 'Piston', kw: 114, fuel: 'Petrol', gears: [AUTO6] }],
  }),
  car({
    make: 'KIA', model: 'CERATO', badges: ['S', 'SPORT', 'SPORT+', 'GT'], series: ['BD MY22'],
    bodies: ['5D HATCHBACK', '4D SEDAN'], drives: ['FWD'], doors: 4, seats: 5, newPrice: [26000, 36000],
    engines: [{ capacity: '2.0L', cc: 1999, cylinder: '4', description: 'Piston', kw: 112, fuel: 'Petrol', gears: [AUTO6] }],
  }),
  car({
    make: 'MITSUBISHI', model: 'TRITON', badges: ['GLX', 'GLX+', 'GLS', 'GSR'], series: ['MR MY22', 'MV'],
    bodies: ['DOUBLE CAB PICK-UP', 'CLUB CAB CHASSIS'], drives: ['4X4', '4X2'], doors: 4, seats: 5, newPrice: [36000, 62000],
    engines: [{ capacity: '2.4L', cc: 2442, cylinder: 'T4', description: 'Turbo', kw: 133, fuel: 'Diesel', gears: [AUTO6, MAN6] }],
  }),
  car({
    make: 'MITSUBISHI', model: 'OUTLANDER', badges: ['ES', 'LS', 'ASPIRE', 'EXCEED'], series: ['ZM MY22'],
    bodies: ['4D WAGON'], drives: ['2WD', 'AWD'], doors: 4, seats: 7, newPrice: [36000, 56000],
    engines: [{ capacity: '2.5L', cc: 2488, cylinder: '4', description: 'Piston', kw: 135, fuel: 'Petrol', gears: [CVT] }],
  }),
  car({
    make: 'NISSAN', model: 'NAVARA', badges: ['SL', 'ST', 'ST-X', 'PRO-4X'], series: ['D23 SERIES 4', 'D23 MY21'],
    bodies: ['DUAL CAB UTILITY', 'KING CAB CHASSIS'], drives: ['4X4', '4X2'], doors: 4, seats: 5, newPrice: [40000, 66000],
    engines: [{ capacity: '2.3L', cc: 2298, cylinder: 'TT4', description: 'Twin Turbo', kw: 140, fuel: 'Diesel', gears: [['7 SP AUTOMATIC', 7], MAN6] }],
  }),
  car({
    make: 'NISSAN', model: 'X-TRAIL', badges: ['ST', 'ST-L', 'TI', 'TI-L'], series: ['T32 SERIES III', 'T33'],
    bodies: ['4D WAGON'], drives: ['2WD', '4WD'], doors: 4, seats: 7, newPrice: [36000, 56000],
    engines: [{ capacity: '2.5L', cc: 2488, cylinder: '4', description: 'Piston', kw: 135, fuel: 'Petrol', gears: [CVT] }],
  }),
  car({
    make: 'SUBARU', model: 'FORESTER', badges: ['2.5I', '2.5I-L', '2.5I PREMIUM', '2.5I-S'], series: ['MY21', 'MY23'],
    bodies: ['4D WAGON'], drives: ['AWD'], doors: 4, seats: 5, newPrice: [36000, 48000],
    engines: [{ capacity: '2.5L', cc: 2498, cylinder: '4', description: 'Boxer', kw: 136, fuel: 'Petrol', gears: [CVT] }],
  }),
  car({
    make: 'SUBARU', model: 'OUTBACK', badges: ['AWD', 'AWD SPORT', 'AWD TOURING'], series: ['MY22', 'MY24'],
    bodies: ['4D WAGON'], drives: ['AWD'], doors: 4, seats: 5, newPrice: [42000, 56000],
    engines: [{ capacity: '2.5L', cc: 2498, cylinder: '4', description: 'Boxer', kw: 138, fuel: 'Petrol', gears: [CVT] }],
  }),
  car({
    make: 'VOLKSWAGEN', model: 'GOLF', badges: ['110TSI LIFE', '110TSI R-LINE', 'GTI', 'R'], series: ['8 MY21', '8.5 MY24'],
    bodies: ['5D HATCHBACK', '4D WAGON'], drives: ['FWD', 'AWD'], doors: 4, seats: 5, newPrice: [34000, 70000],
    engines: [{ capacity: '1.4L', cc: 1395, cylinder: 'T4', description: 'Turbo', kw: 110, fuel: 'Petrol', gears: [AUTO8, ['7 SP AUTO DIRECT SHIFT', 7]] }],
  }),
  car({
    make: 'VOLKSWAGEN', model: 'AMAROK', badges: ['CORE', 'LIFE', 'STYLE', 'AVENTURA V6'], series: ['2H MY20', 'NF'],
    bodies: ['DUAL CAB UTILITY'], drives: ['4MOTION PERM', '4X4'], doors: 4, seats: 5, newPrice: [52000, 85000],
    engines: [{ capacity: '3.0L', cc: 2967, cylinder: 'T6', description: 'Turbo', kw: 184, fuel: 'Diesel', gears: [AUTO8, AUTO10] }],
  }),
  car({
    make: 'ISUZU', model: 'D-MAX', badges: ['SX', 'LS-M', 'LS-U', 'X-TERRAIN'], series: ['MY21', 'MY23'],
    bodies: ['CREW CAB UTILITY', 'SPACE CAB CHASSIS'], drives: ['4X4', '4X2'], doors: 4, seats: 5, newPrice: [38000, 68000],
    engines: [{ capacity: '3.0L', cc: 2999, cylinder: 'T4', description: 'Turbo', kw: 140, fuel: 'Diesel', gears: [AUTO6, MAN6] }],
  }),
  car({
    make: 'MG', model: 'ZS', badges: ['EXCITE', 'ESSENCE', 'VIBE'], series: ['AZS1 MY22'],
    bodies: ['4D WAGON'], drives: ['FWD'], doors: 4, seats: 5, newPrice: [23000, 32000],
    engines: [{ capacity: '1.5L', cc: 1498, cylinder: '4', description: 'Piston', kw: 84, fuel: 'Petrol', gears: [['4 SP AUTOMATIC', 4], CVT] }],
  }),
  car({
    make: 'TESLA', model: 'MODEL 3', badges: ['REAR-WHEEL DRIVE', 'LONG RANGE', 'PERFORMANCE'], series: ['MY23', 'HIGHLAND'],
    bodies: ['4D SEDAN'], drives: ['RWD', 'AWD'], doors: 4, seats: 5, newPrice: [55000, 80000], prestige: true,
    engines: [{ capacity: '', cc: null, cylinder: '', description: 'Electric', kw: 208, fuel: 'Electric', gears: [['1 SP AUTOMATIC', 1]] }],
  }),
  car({
    make: 'HOLDEN', model: 'COMMODORE', badges: ['EVOKE', 'SV6', 'SS', 'CALAIS'], series: ['VF II', 'VF MY15'],
    bodies: ['4D SEDAN', '4D SPORTWAGON'], drives: ['RWD'], doors: 4, seats: 5, newPrice: [36000, 55000],
    engines: [{ capacity: '3.6L', cc: 3564, cylinder: 'V6', description: 'Piston', kw: 210, fuel: 'Petrol', gears: [AUTO6] }],
  }),
];

/** Makes that no longer sell new vehicles here: only ever used stock. */
export const USED_ONLY_MAKES: ReadonlySet<string> = new Set(['HOLDEN']);

export const OTHER_TYPES: Record<Exclude<StockTypeLetter, 'A'>, readonly ModelSpec[]> = {
  M: [
    {
      type: 'M', make: 'YAMAHA', model: 'MT-07', badges: ['LAMS', ''], series: ['MY23'], bodies: ['NAKED'], drives: ['CHAIN'],
      doors: null, seats: 2, newPrice: [11000, 13500],
      engines: [{ capacity: '0.7L', cc: 689, cylinder: '2', description: 'Piston', kw: 55, fuel: 'Petrol', gears: [MAN6] }],
    },
    {
      type: 'M', make: 'HONDA', model: 'CRF300L', badges: ['', 'RALLY'], series: ['MY22'], bodies: ['TRAIL'], drives: ['CHAIN'],
      doors: null, seats: 1, newPrice: [8500, 11000],
      engines: [{ capacity: '0.3L', cc: 286, cylinder: '1', description: 'Piston', kw: 20, fuel: 'Petrol', gears: [MAN6] }],
    },
    {
      type: 'M', make: 'KAWASAKI', model: 'NINJA 400', badges: ['ABS', 'KRT EDITION'], series: ['EX400'], bodies: ['SPORTS'],
      drives: ['CHAIN'], doors: null, seats: 2, newPrice: [8000, 9500],
      engines: [{ capacity: '0.4L', cc: 399, cylinder: '2', description: 'Piston', kw: 33, fuel: 'Petrol', gears: [MAN6] }],
    },
  ],
  B: [
    {
      type: 'B', make: 'QUINTREX', model: '481 TOP ENDER', badges: ['', 'PRO'], series: [''], bodies: ['RUNABOUT'], drives: [''],
      doors: null, seats: 5, newPrice: [42000, 52000],
      engines: [{ capacity: '', cc: null, cylinder: '4', description: 'Outboard', kw: 67, fuel: 'Petrol', gears: [['', null]] }],
    },
    {
      type: 'B', make: 'STACER', model: '449 SEA RUNNER', badges: [''], series: [''], bodies: ['OPEN BOAT'], drives: [''],
      doors: null, seats: 4, newPrice: [28000, 36000],
      engines: [{ capacity: '', cc: null, cylinder: '3', description: 'Outboard', kw: 44, fuel: 'Petrol', gears: [['', null]] }],
    },
  ],
  C: [
    {
      type: 'C', make: 'JAYCO', model: 'JOURNEY', badges: ['21.66-3', '19.61-3 OUTBACK'], series: ['MY23'], bodies: ['CARAVAN'],
      drives: [''], doors: 1, seats: null, newPrice: [68000, 85000], engines: [NO_ENGINE],
    },
    {
      type: 'C', make: 'JAYCO', model: 'SWAN', badges: ['OUTBACK', 'TOURING'], series: ['MY22'], bodies: ['CAMPER TRAILER'],
      drives: [''], doors: 1, seats: null, newPrice: [36000, 45000], engines: [NO_ENGINE],
    },
    {
      type: 'C', make: 'NEW AGE', model: 'MANTA RAY', badges: ['19ER', '21RD'], series: [''], bodies: ['CARAVAN'],
      drives: [''], doors: 1, seats: null, newPrice: [70000, 95000], engines: [NO_ENGINE],
    },
  ],
  H: [
    {
      type: 'H', make: 'ISUZU', model: 'NPR', badges: ['75-190', '65-190 TRADEPACK'], series: ['MY21'], bodies: ['CAB CHASSIS'],
      drives: ['4X2'], doors: 2, seats: 3, newPrice: [85000, 110000],
      engines: [{ capacity: '5.2L', cc: 5193, cylinder: 'T4', description: 'Turbo', kw: 140, fuel: 'Diesel', gears: [['6 SP AUTOMATED MANUAL', 6]] }],
    },
    {
      type: 'H', make: 'HINO', model: '300 SERIES', badges: ['617', '921 AUTO'], series: ['XKU MY21'], bodies: ['TRAY', 'TIPPER'],
      drives: ['4X2'], doors: 2, seats: 3, newPrice: [80000, 105000],
      engines: [{ capacity: '4.0L', cc: 4009, cylinder: 'T4', description: 'Turbo', kw: 110, fuel: 'Diesel', gears: [AUTO6, ['5 SP MANUAL', 5]] }],
    },
  ],
  T: [
    {
      type: 'T', make: 'BRIAN JAMES', model: 'CARGO 5', badges: ['6X4', '7X4'], series: [''], bodies: ['BOX TRAILER'], drives: [''],
      doors: null, seats: null, newPrice: [2800, 4200], engines: [NO_ENGINE],
    },
    {
      type: 'T', make: 'SWIFT', model: 'TANDEM', badges: ['8X5', '10X6'], series: [''], bodies: ['CAGE TRAILER', 'FLAT TOP'],
      drives: [''], doors: null, seats: null, newPrice: [4500, 7500], engines: [NO_ENGINE],
    },
  ],
};

export const CAR_COLOURS = [
  'WHITE', 'Glacier White', 'Crystal White Pearl', 'SILVER', 'Silver Sky', 'Graphite', 'GREY', 'Machine Grey',
  'Black', 'Eclipse Black', 'Soul Red Crystal', 'BLUE', 'Deep Crystal Blue', 'Thunder Grey', 'Bronze', '',
] as const;

export const INTERIOR_COLOURS = ['Black', 'Charcoal', 'Black Cloth', 'Black Leather', 'Grey Cloth', 'Tan Leather', ''] as const;

export const STOCK_STATUSES = ['In Stock', 'In Stock', 'On Offer', 'On Offer', 'Arriving'] as const;

export const CAR_STANDARD_FEATURES = [
  'Air Conditioning', 'Power Steering', 'Cruise Control', 'Reversing Camera', 'Bluetooth Connectivity', 'Apple CarPlay',
  'Android Auto', 'Alloy Wheels', 'ABS Brakes', 'Lane Departure Warning', 'Autonomous Emergency Braking', 'Keyless Entry',
  'Push Button Start', 'Rear Parking Sensors', 'Front Parking Sensors', 'Climate Control', 'Leather Seats',
  'Heated Front Seats', 'Satellite Navigation', 'Sunroof', 'LED Headlights', 'Blind Spot Monitor',
  'Rear Cross Traffic Alert', 'Digital Radio (DAB+)', 'USB Ports', 'Power Windows', 'Central Locking',
  'Driver Airbag', 'Passenger Airbag', 'Curtain Airbags', 'Traction Control', 'Electronic Stability Control',
  'Hill Start Assist', 'Auto Headlights', 'Rain Sensing Wipers', 'Adaptive Cruise Control', 'Wireless Phone Charger',
];

export const CAR_OPTIONAL_FEATURES = [
  'Tow Bar', 'Bull Bar', 'Tonneau Cover', 'Canopy', 'Floor Mats', 'Window Tint', 'Paint Protection', 'Roof Racks',
  'Nudge Bar', 'Driving Lights', 'Weathershields', 'Cargo Barrier', 'Dash Camera', 'Rubber Floor Liners',
];

export const CARAVAN_FEATURES = [
  'Solar Panel', 'Roll-out Awning', 'Annexe', '2 x 9kg Gas Bottles', 'Microwave', 'Washing Machine', 'Water Tanks',
  'Diesel Heater', 'Ensuite', 'Queen Bed', 'External Shower', 'TV Antenna', 'Lithium Battery', 'Grey Water Tank',
];

export const BOAT_FEATURES = [
  'Bimini Top', 'Fish Finder', 'Marine Radio', 'Braked Trailer', 'Safety Gear', 'Live Bait Tank', 'Navigation Lights',
  'Bilge Pump', 'Rod Holders', 'Boarding Ladder',
];

export const TRAILER_FEATURES = ['Spare Wheel', 'Jockey Wheel', 'Cage', 'Tie Down Points', 'LED Lights', 'Galvanised'];

export const ADVERT_SENTENCES = [
  'One owner with full service history.',
  'Immaculate condition inside and out.',
  'Finance available, ask us about a competitive rate today.',
  'Trade-ins welcome.',
  'Sold with a roadworthy certificate.',
  'Low kilometres for the year.',
  'Drive away today!',
  'Inspection is highly recommended.',
  'Extended warranty options available.',
  'Serviced and detailed by our workshop.',
  'Perfect for the family.',
  'Plenty of towing capacity.',
];

export const WARRANTIES_NEW = ['5 Year Unlimited Kilometre Warranty', '7 Year Unlimited Kilometre Warranty', '3 Year / 100,000km Warranty'];
export const WARRANTIES_USED = ['Balance of Factory Warranty', '3 Months / 5,000km Statutory Warranty', ''];

export const FIRST_NAMES = [
  'Olivia', 'Jack', 'Charlotte', 'William', 'Amelia', 'Noah', 'Isla', 'Oliver', 'Mia', 'Thomas', 'Chloe', 'Lachlan',
  'Grace', 'Liam', 'Ruby', 'Cooper', 'Zoe', 'Harrison', 'Matilda', 'Ethan',
];

export const LAST_NAMES = [
  'Smith', 'Jones', 'Williams', 'Brown', 'Wilson', 'Taylor', 'Nguyen', 'Johnson', 'Martin', 'White', 'Anderson',
  'Thompson', 'Walker', 'Kelly', 'Ryan', 'Murphy', "O'Brien", 'Singh', 'Chen', 'Papadopoulos',
];

export interface Place {
  city: string;
  state: string;
  postCode: string;
}

export const STREETS = ['George St', 'Church St', 'Victoria Rd', 'Pacific Hwy', 'High St', 'Station St', 'King St', 'Main Rd'];

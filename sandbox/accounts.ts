import type { Contact } from '../plugins/easycars/shared/easycars/api';
import { FIRST_NAMES, LAST_NAMES, STREETS, type Place } from './catalog';
import { Rng } from './random';

/** The two API pairs an admin pastes into the plugin: one client (lead source) and the account it reads. */
export interface DemoCredentials {
  ClientID: string;
  ClientSecret: string;
  AccountNumber: string;
  AccountSecret: string;
}

export type ProfileName = 'demo' | 'other';
export const PROFILE_NAMES: readonly ProfileName[] = ['demo', 'other'];

export interface Yard {
  YardCode: string;
  YardName: string;
  location: string;
  weight: number;
}

export interface DealerProfile {
  name: ProfileName;
  dealerName: string;
  yards: readonly Yard[];
  places: readonly Place[];
  regoStates: readonly (readonly [string, number])[];
}

export const PROFILES: Record<ProfileName, DealerProfile> = {
  demo: {
    name: 'demo',
    dealerName: 'Harbour City Motors',
    yards: [
      { YardCode: '100', YardName: 'Main Yard', location: 'Parramatta', weight: 6 },
      { YardCode: '200', YardName: 'North Yard', location: 'Hornsby', weight: 3 },
      { YardCode: '300', YardName: 'Commercial Yard', location: 'Penrith', weight: 1 },
    ],
    places: [
      { city: 'Parramatta', state: 'NSW', postCode: '2150' },
      { city: 'Hornsby', state: 'NSW', postCode: '2077' },
      { city: 'Penrith', state: 'NSW', postCode: '2750' },
      { city: 'Castle Hill', state: 'NSW', postCode: '2154' },
      { city: 'Blacktown', state: 'NSW', postCode: '2148' },
    ],
    regoStates: [
      ['NSW', 12],
      ['QLD', 1],
      ['VIC', 1],
      ['ACT', 1],
    ],
  },
  other: {
    name: 'other',
    dealerName: 'Sunshine Coast Auto Group',
    yards: [
      { YardCode: '100', YardName: 'Main Yard', location: 'Maroochydore', weight: 3 },
      { YardCode: '200', YardName: 'Caravan Centre', location: 'Caloundra', weight: 1 },
    ],
    places: [
      { city: 'Maroochydore', state: 'QLD', postCode: '4558' },
      { city: 'Caloundra', state: 'QLD', postCode: '4551' },
      { city: 'Nambour', state: 'QLD', postCode: '4560' },
      { city: 'Noosa Heads', state: 'QLD', postCode: '4567' },
    ],
    regoStates: [
      ['QLD', 12],
      ['NSW', 2],
    ],
  },
};

/** Deterministic credentials for both profiles; the account numbers always differ. */
export function makeCredentials(seed: number): Record<ProfileName, DemoCredentials> {
  const rng = Rng.derive(seed, 'credentials');
  const demoNumber = rng.int(100000, 549999);
  const otherNumber = rng.int(550000, 999999);
  const make = (accountNumber: number): DemoCredentials => ({
    ClientID: rng.guid(),
    ClientSecret: rng.guid(),
    AccountNumber: `EC${accountNumber}`,
    AccountSecret: rng.guid(),
  });
  return { demo: make(demoNumber), other: make(otherNumber) };
}

/** A customer as the Lead service stores it: a contact plus the fax number CreateLead accepts. */
export interface CustomerRecord extends Contact {
  Fax: string;
}

export function formatCustomerNo(n: number): string {
  return String(n).padStart(5, '0');
}

/** A few existing customers per account, so SearchContacts finds something from the start. */
export function seedCustomers(seed: number, profile: DealerProfile, count = 4): CustomerRecord[] {
  const rng = Rng.derive(seed, `contacts:${profile.name}`);
  const customers: CustomerRecord[] = [];
  for (let i = 0; i < count; i++) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const place = rng.pick(profile.places);
    const areaCode = place.state === 'QLD' ? '07' : '02';
    const business = i === count - 1;
    customers.push({
      CustomerNo: formatCustomerNo(i + 1),
      Name: business ? `${last} Earthmoving Pty Ltd` : `${first} ${last}`,
      Email: `${first}.${last}${rng.int(1, 99)}@example.com.au`.replace(/'/g, '').toLowerCase(),
      // the first customer always has both numbers so phone searches have a known target
      Phone: i === 0 || rng.chance(0.5) ? `${areaCode} ${rng.digits(4)} ${rng.digits(4)}` : '',
      Mobile: i === 0 || rng.chance(0.8) ? `04${rng.digits(2)} ${rng.digits(3)} ${rng.digits(3)}` : '',
      Address: rng.chance(0.8) ? `${rng.int(1, 250)} ${rng.pick(STREETS)}` : '',
      City: place.city,
      State: place.state,
      PostCode: place.postCode,
      Country: 'Australia',
      ABN: business ? rng.digits(11) : '',
      Fax: '',
    });
  }
  return customers;
}

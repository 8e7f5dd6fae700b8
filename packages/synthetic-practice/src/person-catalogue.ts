// Invented people and places. Names cover apostrophes, hyphens and diacritics (escaping in every
// output); nicknames drive the cross-location duplicates the deduper must find.

export interface GivenName {
  name: string;
  sex: 'F' | 'M';
  nicknames: readonly string[];
}

export const GIVEN_NAMES: readonly GivenName[] = [
  { name: 'Mary', sex: 'F', nicknames: ['Molly'] },
  { name: 'Patricia', sex: 'F', nicknames: ['Pat', 'Trish'] },
  { name: 'Jennifer', sex: 'F', nicknames: ['Jen', 'Jenny'] },
  { name: 'Elizabeth', sex: 'F', nicknames: ['Liz', 'Beth', 'Betty'] },
  { name: 'Margaret', sex: 'F', nicknames: ['Peggy', 'Maggie'] },
  { name: 'Katherine', sex: 'F', nicknames: ['Kate', 'Kathy'] },
  { name: 'Susan', sex: 'F', nicknames: ['Sue'] },
  { name: 'Deborah', sex: 'F', nicknames: ['Debbie', 'Deb'] },
  { name: 'Linda', sex: 'F', nicknames: [] },
  { name: 'Ana', sex: 'F', nicknames: [] },
  { name: 'Fatima', sex: 'F', nicknames: [] },
  { name: 'Olga', sex: 'F', nicknames: [] },
  { name: 'Zoë', sex: 'F', nicknames: [] },
  { name: 'Siobhan', sex: 'F', nicknames: [] },
  { name: 'Robert', sex: 'M', nicknames: ['Bob', 'Rob', 'Bobby'] },
  { name: 'William', sex: 'M', nicknames: ['Bill', 'Will'] },
  { name: 'James', sex: 'M', nicknames: ['Jim', 'Jimmy'] },
  { name: 'Michael', sex: 'M', nicknames: ['Mike'] },
  { name: 'Richard', sex: 'M', nicknames: ['Rick', 'Dick'] },
  { name: 'Joseph', sex: 'M', nicknames: ['Joe'] },
  { name: 'Thomas', sex: 'M', nicknames: ['Tom'] },
  { name: 'Charles', sex: 'M', nicknames: ['Chuck', 'Charlie'] },
  { name: 'Christopher', sex: 'M', nicknames: ['Chris'] },
  { name: 'Anthony', sex: 'M', nicknames: ['Tony'] },
  { name: 'David', sex: 'M', nicknames: ['Dave'] },
  { name: 'José', sex: 'M', nicknames: ['Pepe'] },
  { name: 'Wei', sex: 'M', nicknames: [] },
  { name: 'Kwame', sex: 'M', nicknames: [] },
];

export const FAMILY_NAMES: readonly string[] = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee',
  "O'Brien", 'Nguyen', 'Kowalczyk', 'Okafor', 'Núñez', 'Schmidt', 'Müller', 'Van der Berg', 'St. John',
  'MacDonald', 'Okafor-Smith', 'Żółkiewski', 'Papadopoulos', 'Hoang', 'Fitzgerald', "D'Angelo",
];

export interface Place {
  city: string;
  state: string;
  stateName: string;
  area: string;
  zip3: string;
}

export const PLACES: readonly Place[] = [
  { city: 'Springfield', state: 'IL', stateName: 'Illinois', area: '217', zip3: '627' },
  { city: 'Columbus', state: 'OH', stateName: 'Ohio', area: '614', zip3: '432' },
  { city: 'Austin', state: 'TX', stateName: 'Texas', area: '512', zip3: '787' },
  { city: 'Denver', state: 'CO', stateName: 'Colorado', area: '303', zip3: '802' },
  { city: 'Raleigh', state: 'NC', stateName: 'North Carolina', area: '919', zip3: '276' },
  // Leading-zero ZIPs: the ones a numeric column in an old export truncates.
  { city: 'Boston', state: 'MA', stateName: 'Massachusetts', area: '617', zip3: '021' },
  { city: 'Hartford', state: 'CT', stateName: 'Connecticut', area: '860', zip3: '061' },
  { city: 'Newark', state: 'NJ', stateName: 'New Jersey', area: '973', zip3: '071' },
];

/** Over 30 characters: Zoho's Mailing_City holds 30. */
export const LONG_CITY = 'Village of Pleasant Prairie Heights';

export const STREETS: readonly string[] = ['Elm St', 'Oak Ave', 'Maple Dr', 'Main St', 'Cedar Ln', 'Park Blvd', 'Lakeview Ter', 'Old Mill Rd'];

export const UNITS: readonly string[] = ['Apt 4', 'Unit 12B', 'Suite 200', '# 7', 'PO Box 311'];

export const CARRIERS: ReadonlyArray<{ name: string; member: (n: number) => string }> = [
  { name: 'Delta Dental', member: (n) => `DD${String(n).padStart(9, '0')}` },
  { name: 'MetLife Dental', member: (n) => `${String(n).padStart(9, '0')}` },
  { name: 'Cigna Dental PPO', member: (n) => `U${String(n).padStart(8, '0')}01` },
  { name: 'Aetna Dental', member: (n) => `W${String(n).padStart(9, '0')}` },
  { name: 'Guardian', member: (n) => `${String(n).padStart(9, '0')}-01` },
];

export const EMAIL_DOMAINS: readonly string[] = ['example.com', 'example.org', 'example.net', 'mail.example.com'];

import { pick, seededRandom } from './random.ts';

/** A row of the reference PANDA Patients table, column names as in deploy/sql (source-capture issue). */
export interface PandaPatientRow {
  PatientID: number;
  ChartNumber: string | null;
  FirstName: string | null;
  MiddleName: string | null;
  LastName: string | null;
  PreferredName: string | null;
  /** Days since 1970-01-01, as Debezium encodes DATE. */
  BirthDate: number | null;
  Sex: string | null;
  Email: string | null;
  HomePhone: string | null;
  CellPhone: string | null;
  WorkPhone: string | null;
  Address1: string | null;
  Address2: string | null;
  City: string | null;
  State: string | null;
  Zip: string | null;
  Country: string | null;
  Status: string | null;
  /** Wall-clock epoch ms, as Debezium encodes DATETIME. */
  CreatedAt: number | null;
  ModifiedAt: number | null;
}

export interface GeneratedPatient {
  /** The PANDA database of the patient's location (one database per location). */
  database: string;
  row: PandaPatientRow;
}

export interface PracticeSpec {
  locations: number;
  /** Patients per location. */
  patients: number;
  seed: number;
}

const FIRST = ['Mary', 'James', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Ana', 'José', 'Wei', 'Fatima', 'Olga', 'Kwame'];
const LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', "O'Brien", 'Nguyen', 'Kowalczyk', 'Okafor', 'Núñez', 'Schmidt'];
const CITIES: Array<[string, string, string]> = [['Springfield', 'IL', '217'], ['Columbus', 'OH', '614'], ['Austin', 'TX', '512'], ['Denver', 'CO', '303'], ['Raleigh', 'NC', '919']];
const STREETS = ['Elm St', 'Oak Ave', 'Maple Dr', 'Main St', 'Cedar Ln', 'Park Blvd'];

export function locationDatabase(index: number): string {
  return `PANDA_LOC${String(index + 1).padStart(2, '0')}`;
}

function phone(random: () => number, area: string): string {
  const exchange = 200 + Math.floor(random() * 700);
  const line = Math.floor(random() * 10000).toString().padStart(4, '0');
  return `(${area}) ${exchange}-${line}`;
}

/**
 * A deterministic practice: every location's patients, streamed (bounded memory at any volume).
 * Patient ids restart per location, as separate PANDA databases would have them.
 */
export function* generatePatients(spec: PracticeSpec): Generator<GeneratedPatient> {
  const random = seededRandom(spec.seed);
  const dayMs = 86_400_000;
  for (let loc = 0; loc < spec.locations; loc++) {
    const database = locationDatabase(loc);
    for (let i = 1; i <= spec.patients; i++) {
      const [city, state, area] = pick(random, CITIES);
      const first = pick(random, FIRST);
      const last = pick(random, LAST);
      const birth = Math.floor((Date.UTC(1935, 0, 1) + random() * (Date.UTC(2015, 0, 1) - Date.UTC(1935, 0, 1))) / dayMs);
      const created = Date.UTC(2012, 0, 1) + Math.floor(random() * 12 * 365) * dayMs + Math.floor(random() * 9 * 3600_000);
      const surname = `${last}${i % 7 === 0 ? '-' + pick(random, LAST) : ''}`;
      yield {
        database,
        row: {
          PatientID: i,
          ChartNumber: `${database.slice(-2)}-${String(i).padStart(6, '0')}`,
          FirstName: random() < 0.1 ? first.toUpperCase() : first,
          MiddleName: random() < 0.3 ? pick(random, FIRST).slice(0, 1) : null,
          LastName: surname,
          PreferredName: null,
          BirthDate: birth,
          Sex: pick(random, ['F', 'M', 'U']),
          Email: random() < 0.8 ? `${first}.${i}.${loc}@example.com`.toLowerCase().normalize('NFKD').replace(/[^\x20-\x7e]/g, '') : null,
          HomePhone: random() < 0.7 ? phone(random, area) : null,
          CellPhone: random() < 0.8 ? phone(random, area) : null,
          WorkPhone: null,
          Address1: `${1 + Math.floor(random() * 9000)} ${pick(random, STREETS)}`,
          Address2: null,
          City: city,
          State: state,
          Zip: String(10000 + Math.floor(random() * 89999)),
          Country: 'US',
          Status: 'Active',
          CreatedAt: created,
          ModifiedAt: created,
        },
      };
    }
  }
}

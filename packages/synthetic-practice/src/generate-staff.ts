import { FAMILY_NAMES, GIVEN_NAMES, PLACES, STREETS } from './person-catalogue.ts';
import { DAY_MS, officeHoursBetween, wallClock, type ResolvedSpec, type StoredRow } from './practice-spec.ts';
import { between, pick, seededRandom, subSeed } from './random.ts';
import { SALT } from './salts.ts';
import { emailLocal, formatPhone, invalidEmail } from './text-dirt.ts';

/** How many providers, referring practices and dentists a location has: patients reference them by id. */
export interface StaffPlan {
  providers: number;
  practices: number;
  /** Dentists per practice, in practice order; DentistID runs 1…total across practices. */
  dentistsPerPractice: number[];
  dentists: number;
}

export function staffPlan(spec: ResolvedSpec, loc: number): StaffPlan {
  const random = seededRandom(subSeed(spec.seed, loc, SALT.staffPlan));
  const providers = between(random, 3, 6);
  const practices = between(random, 4, 12);
  const dentistsPerPractice = Array.from({ length: practices }, () => between(random, 1, 3));
  return { providers, practices, dentistsPerPractice, dentists: dentistsPerPractice.reduce((a, b) => a + b, 0) };
}

const CREDENTIALS = ['DDS, MS', 'DMD', 'DDS', 'RDH', 'RDH, BS', 'DMD, MSD'];
const TITLES = ['Dr.', 'Dr', 'DR.', null];
const PRACTICE_WORDS = ['Family Dentistry', 'Dental Care', 'Smiles', 'Dental Group', 'Dentistry & Implants', 'Dental Associates'];

function stamps(random: () => number, spec: ResolvedSpec): { createdAt: string; modifiedAt: string } {
  const created = Date.UTC(2006, 0, 1) + Math.floor(random() * ((spec.asOfMs - Date.UTC(2006, 0, 1)) / DAY_MS)) * DAY_MS + between(random, 8, 17) * 3_600_000;
  const modified = officeHoursBetween(random, created, spec.asOfMs - 1);
  return { createdAt: wallClock(created), modifiedAt: wallClock(modified) };
}

/** A 10-digit NPI with a valid Luhn check digit (computed over the 80840 prefix, as CMS does). */
function npi(random: () => number): string {
  const body = `1${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
  const digits = `80840${body}`.split('').map(Number);
  let sum = 0;
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = digits[i]!;
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return `${body}${(10 - (sum % 10)) % 10}`;
}

export function* providerRows(spec: ResolvedSpec, loc: number, plan: StaffPlan): Generator<StoredRow> {
  const random = seededRandom(subSeed(spec.seed, loc, SALT.providers));
  for (let id = 1; id <= plan.providers; id++) {
    const given = pick(random, GIVEN_NAMES).name;
    const family = pick(random, FAMILY_NAMES);
    yield {
      providerId: id,
      firstName: given,
      lastName: family,
      credentials: id <= 2 ? pick(random, ['DDS, MS', 'DMD, MSD', 'DDS']) : pick(random, CREDENTIALS),
      email: `${emailLocal(given, family, id)}@practice.example.com`,
      npi: npi(random),
      active: random() < 0.85,
      ...stamps(random, spec),
    };
  }
}

export function* referringPracticeRows(spec: ResolvedSpec, loc: number, plan: StaffPlan): Generator<StoredRow> {
  const random = seededRandom(subSeed(spec.seed, loc, SALT.practices));
  const freeForm = spec.dirt.has('free-form-phones');
  for (let id = 1; id <= plan.practices; id++) {
    const place = pick(random, PLACES);
    const family = pick(random, FAMILY_NAMES);
    yield {
      practiceId: id,
      name: random() < 0.5 ? `${family} ${pick(random, PRACTICE_WORDS)}` : `${place.city} ${pick(random, PRACTICE_WORDS)}`,
      phone: formatPhone(random, place.area, freeForm),
      fax: random() < 0.7 ? formatPhone(random, place.area, freeForm) : null,
      email: random() < 0.6 ? `frontdesk${id}@${family.toLowerCase().replace(/[^a-z]/g, '')}dental.example.com` : null,
      addressLine1: `${between(random, 10, 9999)} ${pick(random, STREETS)}`,
      city: place.city,
      state: place.state,
      postalCode: `${place.zip3}${String(between(random, 1, 99)).padStart(2, '0')}`,
      ...stamps(random, spec),
    };
  }
}

export function* referringDentistRows(spec: ResolvedSpec, loc: number, plan: StaffPlan): Generator<StoredRow> {
  const random = seededRandom(subSeed(spec.seed, loc, SALT.dentists));
  const freeForm = spec.dirt.has('free-form-phones');
  let id = 0;
  for (let practice = 1; practice <= plan.practices; practice++) {
    for (let n = 0; n < plan.dentistsPerPractice[practice - 1]!; n++) {
      id++;
      const given = pick(random, GIVEN_NAMES).name;
      const family = pick(random, FAMILY_NAMES);
      const area = pick(random, PLACES).area;
      const local = emailLocal(given, family, id);
      const bad = spec.dirt.has('invalid-email') && random() < 0.05;
      yield {
        dentistId: id,
        // A few dentists were entered without their practice.
        practiceId: random() < 0.95 ? practice : null,
        title: pick(random, TITLES),
        firstName: given,
        lastName: family,
        email: bad ? invalidEmail(random, local, 'example.com') : random() < 0.7 ? `${local}@example.com` : null,
        phone: formatPhone(random, area, freeForm),
        fax: random() < 0.5 ? formatPhone(random, area, freeForm) : null,
        ...stamps(random, spec),
      };
    }
  }
}

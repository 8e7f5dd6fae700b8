import type { DirtKind } from './dirt.ts';
import type { StaffPlan } from './generate-staff.ts';
import { CARRIERS, EMAIL_DOMAINS, FAMILY_NAMES, GIVEN_NAMES, LONG_CITY, PLACES, STREETS, UNITS, type GivenName, type Place } from './person-catalogue.ts';
import { DAY_MS, isoDay, locationDatabase, officeHoursBetween, wallClock, type ResolvedSpec, type StoredRow } from './practice-spec.ts';
import { between, pick, seededRandom, subSeed } from './random.ts';
import { SALT } from './salts.ts';
import { emailLocal, formatPhone, invalidEmail, legacyDateText, messyCase, transposeLetters } from './text-dirt.ts';

/** A real person behind one or more patient records (several when registered at several locations). */
interface Person {
  given: GivenName;
  middle: string | null;
  family: string;
  birthMs: number;
  place: Place;
  street: string;
  emailLocal: string;
  domain: string;
}

function personAt(spec: ResolvedSpec, loc: number, index: number): Person {
  const random = seededRandom(subSeed(spec.seed, loc, index, SALT.person));
  const given = pick(random, GIVEN_NAMES);
  const family = random() < 0.12 ? `${pick(random, FAMILY_NAMES)}-${pick(random, FAMILY_NAMES)}` : pick(random, FAMILY_NAMES);
  const earliest = Date.UTC(1935, 0, 1);
  const latest = spec.asOfMs - 4 * 365 * DAY_MS;
  return {
    given,
    middle: random() < 0.35 ? pick(random, GIVEN_NAMES).name : null,
    family,
    birthMs: earliest + Math.floor(random() * ((latest - earliest) / DAY_MS)) * DAY_MS,
    place: pick(random, PLACES),
    street: `${between(random, 1, 9999)} ${pick(random, STREETS)}`,
    emailLocal: emailLocal(given.name, family, between(random, 1, 99)),
    domain: pick(random, EMAIL_DOMAINS),
  };
}

export type DuplicateKind = Extract<DirtKind, 'duplicate-exact' | 'duplicate-nickname' | 'duplicate-transposed-letters'>;

/** Ground truth for the deduper: which records are the same person. */
export interface PatientIdentity {
  database: string;
  patientId: number;
  /** The same for every record of one person: `<database>#<patientId>` of the first record. */
  personId: string;
  duplicateOf: { database: string; patientId: number } | null;
  duplicateKind: DuplicateKind | null;
}

const DUPLICATE_RATE = 0.1;

export function patientIdentity(spec: ResolvedSpec, loc: number, index: number): PatientIdentity {
  const database = locationDatabase(loc);
  const own: PatientIdentity = { database, patientId: index, personId: `${database}#${index}`, duplicateOf: null, duplicateKind: null };
  const kinds = (['duplicate-exact', 'duplicate-nickname', 'duplicate-transposed-letters'] as const).filter((k) => spec.dirt.has(k));
  if (loc === 0 || kinds.length === 0) return own;
  const random = seededRandom(subSeed(spec.seed, loc, index, SALT.identity));
  if (random() >= DUPLICATE_RATE) return own;
  // Someone first registered at the first location.
  const original = between(random, 1, spec.patients);
  let kind = pick(random, kinds);
  if (kind === 'duplicate-nickname' && personAt(spec, 0, original).given.nicknames.length === 0) kind = kinds.find((k) => k !== 'duplicate-nickname') ?? kind;
  const first = locationDatabase(0);
  return { database, patientId: index, personId: `${first}#${original}`, duplicateOf: { database: first, patientId: original }, duplicateKind: kind };
}

export interface GeneratedPatientRow {
  row: StoredRow;
  identity: PatientIdentity;
  /** Dirt kinds written into this row (duplicates included): the normalizer's expected repairs. */
  dirt: DirtKind[];
  createdMs: number;
}

const RELATIONS = ['Spouse', 'Parent', 'Other', 'Child'];

export function patientRow(spec: ResolvedSpec, loc: number, index: number, staff: StaffPlan): GeneratedPatientRow {
  const identity = patientIdentity(spec, loc, index);
  const person = identity.duplicateOf ? personAt(spec, 0, identity.duplicateOf.patientId) : personAt(spec, loc, index);
  const random = seededRandom(subSeed(spec.seed, loc, index, SALT.patient));
  const dirt: DirtKind[] = [];
  const on = (kind: DirtKind, rate: number) => spec.dirt.has(kind) && random() < rate && dirt.push(kind) > 0;

  let first = person.given.name;
  let last: string | null = person.family;
  if (identity.duplicateKind) dirt.push(identity.duplicateKind);
  if (identity.duplicateKind === 'duplicate-nickname' && person.given.nicknames.length > 0) first = pick(random, person.given.nicknames);
  if (identity.duplicateKind === 'duplicate-transposed-letters') {
    if (random() < 0.5) first = transposeLetters(random, first);
    else last = transposeLetters(random, last);
  }
  // A duplicate may have moved; the original keeps the person's address.
  const place = identity.duplicateOf && random() < 0.3 ? pick(random, PLACES) : person.place;
  const street = place === person.place ? person.street : `${between(random, 1, 9999)} ${pick(random, STREETS)}`;
  let city = place.city;
  let email: string | null = random() < 0.8 ? `${person.emailLocal}@${person.domain}` : null;

  if (on('name-case-and-spacing', 0.08)) {
    first = messyCase(random, first);
    last = messyCase(random, last);
    if (random() < 0.5) city = messyCase(random, city);
  }
  if (on('missing-last-name', 0.015)) last = random() < 0.6 ? null : '   ';
  if (on('over-long-values', 0.01)) {
    const long = Math.floor(random() * 3);
    if (long === 0) first = `${first} ${person.middle ?? 'Guadalupe'} Maria-Concepción de la Cruz y Santos`.slice(0, 50);
    else if (long === 1) city = LONG_CITY;
    else email = `${person.emailLocal}.${'correspondence'.repeat(6)}@${person.domain}`;
  }
  if (email !== null && on('invalid-email', 0.03)) email = invalidEmail(random, person.emailLocal, person.domain);

  let birth = isoDay(person.birthMs);
  let legacy: string | null = null;
  if (on('legacy-birth-date-text', 0.4)) legacy = legacyDateText(random, birth);
  if (on('birth-date-sentinel', 0.02)) birth = random() < 0.5 ? '9999-12-31' : '1900-01-01';
  else if (on('future-birth-date', 0.005)) birth = `${Number(birth.slice(0, 4)) + 100}${birth.slice(4)}`;

  const freeForm = spec.dirt.has('free-form-phones');
  if (freeForm) dirt.push('free-form-phones');
  let zip = `${place.zip3}${String(between(random, 1, 99)).padStart(2, '0')}`;
  if (on('zip-variants', 0.05)) zip = zip.startsWith('0') && random() < 0.6 ? zip.replace(/^0+/, '') : `${zip}-${String(between(random, 1, 9999)).padStart(4, '0')}`;
  let state = place.state;
  if (on('state-variants', 0.05)) state = pick(random, [state.toLowerCase(), place.stateName, ` ${state} `]);
  let sex: string = person.given.sex;
  if (on('sex-codes', 0.05)) sex = pick(random, [sex.toLowerCase(), '?', 'U']);

  const birthMs = Date.parse(`${isoDay(person.birthMs)}T00:00:00Z`);
  const minor = spec.asOfMs - birthMs < 18 * 365.25 * DAY_MS;
  const relation = minor ? 'Parent' : random() < 0.75 ? 'Self' : pick(random, RELATIONS);
  const guarantor = relation === 'Self' ? `${person.given.name} ${person.family}` : `${pick(random, GIVEN_NAMES).name} ${relation === 'Parent' ? person.family : pick(random, FAMILY_NAMES)}`;
  const carrier = random() < 0.75 ? pick(random, CARRIERS) : null;

  const earliest = Math.max(Date.UTC(2008, 0, 1), birthMs);
  const createdMs = earliest + Math.floor(random() * ((spec.asOfMs - 60 * DAY_MS - earliest) / DAY_MS)) * DAY_MS + between(random, 8 * 60, 17 * 60) * 60_000 + between(random, 0, 59_999);
  const modifiedMs = officeHoursBetween(random, createdMs, spec.asOfMs - 1);
  const chart = `${String(loc + 1).padStart(2, '0')}-${String(index).padStart(6, '0')}`;
  const phone = () => formatPhone(random, place.area, freeForm);

  const row: StoredRow = {
    patientId: index,
    chartNumber: chart,
    firstName: first,
    middleName: person.middle === null ? null : random() < 0.5 ? person.middle.slice(0, 1) : person.middle,
    lastName: last,
    preferredName: identity.duplicateKind === null && person.given.nicknames.length > 0 && random() < 0.2 ? pick(random, person.given.nicknames) : null,
    dateOfBirth: birth,
    sex,
    email,
    homePhone: random() < 0.6 ? phone() : null,
    mobilePhone: random() < 0.85 ? phone() : null,
    workPhone: random() < 0.15 ? phone() : null,
    addressLine1: street,
    addressLine2: random() < 0.2 ? pick(random, UNITS) : null,
    city,
    state,
    postalCode: zip,
    country: random() < 0.9 ? 'US' : pick(random, ['USA', 'United States', null]),
    // Area numbers 900–999 are never issued: these can be no one's SSN.
    ssn: random() < 0.6 ? `9${between(random, 0, 99).toString().padStart(2, '0')}-${between(random, 10, 99)}-${between(random, 1000, 9999)}` : null,
    status: random() < 0.85 ? 'Active' : pick(random, ['Inactive', 'Archived', 'Deceased']),
    providerId: between(random, 1, staff.providers),
    referringDentistId: random() < 0.6 ? between(random, 1, staff.dentists) : null,
    guarantorName: guarantor,
    guarantorRelation: relation,
    insuranceCarrier: carrier?.name ?? null,
    insuranceMemberId: carrier ? carrier.member(between(random, 1, 99_999_999)) : null,
    insuranceGroup: carrier && random() < 0.8 ? `GRP${between(random, 1000, 999_999)}` : null,
    legacyBirthDateText: legacy,
    createdAt: wallClock(createdMs),
    modifiedAt: wallClock(modifiedMs),
  };
  return { row, identity, dirt, createdMs };
}

/** Open Dental bridge ids for patients synced from Open Dental (not migrated; inventoried). */
export function bridgeRow(spec: ResolvedSpec, loc: number, index: number, createdMs: number, providerId: number): StoredRow | null {
  const random = seededRandom(subSeed(spec.seed, loc, index, SALT.bridge));
  if (random() >= 0.7) return null;
  // datetime keeps 1/300 s: whole seconds stay exact in every input.
  const sync = createdMs + Math.floor(random() * ((spec.asOfMs - createdMs) / 1000)) * 1000;
  return { patientId: index, patNum: loc * 1_000_000 + index + 500, provNum: providerId + 100, lastSync: wallClock(sync - (sync % 1000)) };
}

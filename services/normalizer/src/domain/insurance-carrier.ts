/**
 * Insurance carrier names: the same carrier is typed many ways ("DELTA DENTAL INS.", "Delta", "DDIC").
 * A synonym list maps each spelling to one canonical name; matching ignores case, punctuation, spacing
 * and trailing company words (Inc, Co, Insurance, Ins, Company, Plan). A name no synonym matches is kept
 * tidied (trimmed, spaces collapsed), not invented.
 */
export type CarrierSynonyms = ReadonlyMap<string, string>;

/** Canonical name → spellings seen in dental practice-management systems (US). Shipped default; configurable. */
export const DEFAULT_CARRIER_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  'Delta Dental': ['Delta', 'DDS Delta', 'Delta Dental Plan', 'Delta Dental PPO', 'Delta Dental Premier', 'DD', 'DDIC'],
  MetLife: ['MetLife Dental', 'Met Life', 'Metropolitan Life', 'Metropolitan Life Insurance', 'MetLife PDP'],
  Cigna: ['Cigna Dental', 'Cigna Dental PPO', 'CIGNA DHMO', 'Connecticut General'],
  Aetna: ['Aetna Dental', 'Aetna DMO', 'Aetna PPO'],
  Guardian: ['Guardian Dental', 'Guardian Life', 'The Guardian'],
  UnitedHealthcare: ['United Healthcare', 'United Health Care', 'UHC', 'UHC Dental', 'UnitedHealthcare Dental'],
  'United Concordia': ['United Concordia Dental', 'UCCI'],
  'Blue Cross Blue Shield': ['BCBS', 'Blue Cross', 'Blue Shield', 'Blue Cross/Blue Shield', 'BC/BS'],
  Humana: ['Humana Dental'],
  Principal: ['Principal Financial', 'Principal Dental'],
  Ameritas: ['Ameritas Dental', 'Ameritas Life'],
  'Sun Life': ['Sun Life Financial', 'Sunlife', 'Assurant Dental'],
  'Lincoln Financial': ['Lincoln', 'Lincoln Financial Group', 'Lincoln National'],
};

const COMPANY_WORDS = /(?:\s+(?:inc|co|corp|company|insurance|ins|plan|group))+$/;

/** The matching key of a spelling: lower case, letters and digits only, company words off the end. */
export function carrierKey(raw: string): string {
  const words = raw.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  return words.replace(COMPANY_WORDS, '').replace(/\s+/g, '');
}

export function carrierSynonyms(table: Readonly<Record<string, readonly string[]>>): CarrierSynonyms {
  const map = new Map<string, string>();
  for (const [canonical, spellings] of Object.entries(table)) {
    for (const spelling of [canonical, ...spellings]) map.set(carrierKey(spelling), canonical);
  }
  return map;
}

/** "Delta Dental=Delta|DDIC;MetLife=Met Life" (the env form) → table; throws on a malformed entry (config fails fast). */
export function parseCarrierSynonyms(text: string): Record<string, string[]> {
  const table: Record<string, string[]> = {};
  for (const entry of text.split(';').map((e) => e.trim()).filter((e) => e !== '')) {
    const [canonical, spellings] = entry.split('=');
    if (!canonical?.trim() || spellings === undefined) throw new Error('carrier synonyms: every entry is "Canonical=spelling|spelling"');
    table[canonical.trim()] = spellings.split('|').map((s) => s.trim()).filter((s) => s !== '');
  }
  return table;
}

export type CarrierResult = { value: string | null; matched: boolean };

export function normalizeCarrier(raw: string | null, synonyms: CarrierSynonyms): CarrierResult {
  const tidy = raw?.trim().replace(/\s+/g, ' ') ?? '';
  if (tidy === '') return { value: null, matched: false };
  const canonical = synonyms.get(carrierKey(tidy));
  return canonical === undefined ? { value: tidy, matched: false } : { value: canonical, matched: true };
}

import type { CountryCode } from 'libphonenumber-js';
import type { CarrierSynonyms } from './insurance-carrier.ts';
import type { ToothNumbering } from './tooth-numbers.ts';
import type { OverlongPolicy } from './zoho-field-rules.ts';

export type MissingLastNamePolicy = 'dead-letter' | 'placeholder';
export type SsnPolicy = 'drop' | 'tokenise';

/** Everything a normalization reads besides the row: configuration, injected (no env, no clock inside). */
export interface NormalizeContext {
  /** IANA zone of the practice: wall-clock source times are read in it. */
  timeZone: string;
  defaultCountry: CountryCode;
  missingLastName: MissingLastNamePolicy;
  overlong: OverlongPolicy;
  /** Numbering a location charts in when an exam does not declare it (NORMALIZER_TOOTH_NUMBERING; default Universal). */
  toothNumberingOf: (locationId: string) => ToothNumbering;
  carriers: CarrierSynonyms;
  ssn: SsnPolicy;
  /** HMAC of a value under the configured secret (NORMALIZER_SSN=tokenise); the secret never reaches the domain. */
  tokenise?: (value: string) => string;
}

export const PLACEHOLDER = '(unknown)';

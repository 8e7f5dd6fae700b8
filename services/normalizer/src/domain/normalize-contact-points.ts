import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * E.164 (+15551234567, for matching and search) and a display form for people (national format, e.g.
 * "(555) 123-4567", when the number belongs to the practice's country; international, e.g.
 * "+44 20 7946 0958", otherwise), or nulls when the number cannot be a real one in the practice's country.
 */
export function normalizePhone(raw: string | null, defaultCountry: CountryCode): { value: string | null; display: string | null; invalid: boolean } {
  if (raw === null || raw.trim() === '') return { value: null, display: null, invalid: false };
  const parsed = parsePhoneNumberFromString(raw, defaultCountry);
  if (!parsed || !parsed.isValid()) return { value: null, display: null, invalid: true };
  const display = parsed.country === defaultCountry ? parsed.formatNational() : parsed.formatInternational();
  return { value: parsed.number, display, invalid: false };
}

// Deliberately strict: Zoho rejects what it cannot read as an address (INVALID_DATA on the whole record).
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export function normalizeEmail(raw: string | null): { value: string | null; invalid: boolean } {
  if (raw === null || raw.trim() === '') return { value: null, invalid: false };
  const trimmed = raw.trim().toLowerCase();
  return EMAIL.test(trimmed) && trimmed.length <= 100 ? { value: trimmed, invalid: false } : { value: null, invalid: true };
}

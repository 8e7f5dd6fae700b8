/**
 * What the values of one column look like, for the mapping proposal: shares of e-mail-, phone-,
 * date-, code-, integer- and decimal-like values and a (capped) distinct count. Only counts leave
 * the profiler; the distinct set is held in memory while reading and never reported (values are PHI).
 */
export interface ColumnProfile {
  column: string;
  /** Non-empty values. */
  filled: number;
  empty: number;
  /** Distinct non-empty values, counted up to the cap. */
  distinct: number;
  distinctCapped: boolean;
  /** Shares of the non-empty values, 0–1, rounded to 3 decimals. */
  shares: { email: number; phone: number; date: number; code: number; integer: number; decimal: number };
}

export const DISTINCT_CAP = 1000;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
const PHONE_CHARS = /^\+?[\d\s().\-/]+(?:\s*(?:x|ext\.?)\s*\d{1,6})?$/i;
const DATE = [
  /^\d{4}-\d{1,2}-\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?)?$/, // ISO, SQL Server exports
  /^\d{1,2}[/.-]\d{1,2}[/.-](?:\d{2}|\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?(?: ?[AP]M)?)?$/i, // US and European forms
  /^\d{8}$/, // yyyymmdd
];
/** Short upper-case tokens with a letter: CDT codes (D4341), sites (MB), statuses (ACTIVE), flags (Y/N). */
const CODE = /^(?=.*[A-Z])[A-Z0-9][A-Z0-9._/-]{0,11}$/;
const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?\d*[.,]\d+$/;
/** The shape of a US SSN: digits and dashes like a phone, but never one. */
const SSN_SHAPE = /^\d{3}-\d{2}-\d{4}$/;

const isDate = (value: string) => DATE.some((pattern) => pattern.test(value));

function isPhone(value: string): boolean {
  if (!PHONE_CHARS.test(value) || SSN_SHAPE.test(value) || isDate(value)) return false;
  const digits = value.replace(/(?:x|ext\.?)\s*\d+$/i, '').replace(/\D/g, '').length;
  return digits >= 7 && digits <= 15 && !INTEGER.test(value); // a bare number is a number, not a phone
}

export class ColumnProfiler {
  private filled = 0;
  private empty = 0;
  private readonly seen = new Set<string>();
  private capped = false;
  private readonly counts = { email: 0, phone: 0, date: 0, code: 0, integer: 0, decimal: 0 };

  constructor(readonly column: string) {}

  add(raw: string): void {
    const value = raw.trim();
    if (value === '') {
      this.empty++;
      return;
    }
    this.filled++;
    if (!this.capped) {
      this.seen.add(value);
      if (this.seen.size > DISTINCT_CAP) {
        this.capped = true;
        this.seen.clear();
      }
    }
    if (EMAIL.test(value)) this.counts.email++;
    if (isPhone(value)) this.counts.phone++;
    if (isDate(value)) this.counts.date++;
    if (CODE.test(value)) this.counts.code++;
    if (INTEGER.test(value)) this.counts.integer++;
    if (DECIMAL.test(value)) this.counts.decimal++;
  }

  profile(): ColumnProfile {
    const share = (n: number) => (this.filled === 0 ? 0 : Math.round((n / this.filled) * 1000) / 1000);
    return {
      column: this.column,
      filled: this.filled,
      empty: this.empty,
      distinct: this.capped ? DISTINCT_CAP : this.seen.size,
      distinctCapped: this.capped,
      shares: {
        email: share(this.counts.email),
        phone: share(this.counts.phone),
        date: share(this.counts.date),
        code: share(this.counts.code),
        integer: share(this.counts.integer),
        decimal: share(this.counts.decimal),
      },
    };
  }
}

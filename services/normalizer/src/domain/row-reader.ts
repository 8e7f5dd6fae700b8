import type { EventFields, SourceRecordChanged } from '@panda2zoho/events';
import { normalizeEmail, normalizePhone } from './normalize-contact-points.ts';
import { normalizeCalendarDate, normalizeDateTime } from './normalize-date.ts';
import { normalizeName } from './normalize-name.ts';
import type { NormalizeContext } from './normalize-context.ts';
import { IssueList, shapeOf } from './quality-issue.ts';

/** `<locationId>:<entity>:<sourceKey>`: the record key every stage and the writer use. */
export function recordKeyOf(locationId: string, entity: string, sourceKey: string): string {
  return `${locationId}:${entity}:${sourceKey}`;
}

const DATE_RULES = { SENTINEL_DATE: 'DATE_SENTINEL', IMPOSSIBLE_DATE: 'DATE_IMPOSSIBLE', FUTURE_DATE: 'DATE_FUTURE' } as const;
export const dateRule = (problem: keyof typeof DATE_RULES): string => DATE_RULES[problem];

/**
 * Reads one source row's canonical fields into normalized values, recording every change of meaning
 * in `issues`. PHI is described by shape in issues; only the sentinel dates themselves (not a person's
 * data) are quoted.
 */
export class RowReader {
  readonly issues: IssueList;
  private readonly fields: EventFields;

  constructor(
    readonly input: SourceRecordChanged,
    readonly ctx: NormalizeContext,
  ) {
    this.fields = input.fields ?? {};
    this.issues = new IssueList(input.eventId);
  }

  raw(name: string): string | null {
    const value = this.fields[name];
    if (value === null || value === undefined || typeof value === 'object') return null;
    return String(value);
  }

  /** Trimmed text, blank → null. */
  text(name: string): string | null {
    const t = this.raw(name)?.trim();
    return t ? t : null;
  }

  /** Trimmed, inner white space collapsed. */
  tidy(name: string): string | null {
    return this.text(name)?.replace(/\s+/g, ' ') ?? null;
  }

  name(name: string): string | null {
    return normalizeName(this.raw(name));
  }

  long(name: string): number | null {
    const value = this.fields[name];
    return typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : null;
  }

  bool(name: string): boolean | null {
    const value = this.fields[name];
    return typeof value === 'boolean' ? value : null;
  }

  binary(name: string): { data: Buffer } | null {
    const value = this.fields[name];
    return value !== null && typeof value === 'object' ? { data: value.data } : null;
  }

  upperCode(name: string): string | null {
    return this.text(name)?.toUpperCase() ?? null;
  }

  phone(name: string, outField: string): string | null {
    return this.phoneWithDisplay(name, outField).e164;
  }

  /** E.164 and the display form of one number (normalize-contact-points.ts); an invalid one → both null + issue. */
  phoneWithDisplay(name: string, outField: string): { e164: string | null; display: string | null } {
    const result = normalizePhone(this.raw(name), this.ctx.defaultCountry);
    if (result.invalid) {
      this.issues.add({ field: outField, rule: 'INVALID_PHONE', severity: 'WARNING', action: 'NULLED', before: shapeOf(this.text(name)), message: 'not a valid phone number for the practice country; dropped' });
    }
    return { e164: result.value, display: result.display };
  }

  email(name: string): string | null {
    const result = normalizeEmail(this.raw(name));
    if (result.invalid) {
      this.issues.add({ field: name, rule: 'INVALID_EMAIL', severity: 'WARNING', action: 'NULLED', before: shapeOf(this.text(name)), message: 'not a valid e-mail address (or longer than 100); dropped' });
    }
    return result.value;
  }

  /** A date (or the date of a datetime) as YYYY-MM-DD; sentinel/impossible → null + issue. */
  date(name: string, outField = name): string | null {
    const result = normalizeCalendarDate(this.raw(name));
    if (result.problem) this.dateIssue(outField, result.problem, this.raw(name));
    return result.value;
  }

  /** A wall-clock datetime as ISO-8601 with the practice's offset; sentinel/impossible → null + issue. */
  dateTime(name: string, outField = name): string | null {
    const result = normalizeDateTime(this.raw(name), this.ctx.timeZone);
    if (result.problem) this.dateIssue(outField, result.problem, this.raw(name));
    return result.value;
  }

  dateIssue(field: string, problem: keyof typeof DATE_RULES, raw: string | null, phi = false): void {
    const quoted = problem === 'SENTINEL_DATE' && raw !== null && !phi ? `date ${raw.slice(0, 10)}` : problem === 'SENTINEL_DATE' ? 'sentinel date' : problem === 'FUTURE_DATE' ? 'date after the source commit' : 'impossible date';
    this.issues.add({ field, rule: dateRule(problem), severity: 'WARNING', action: 'NULLED', before: quoted, after: 'null', message: `${quoted}: no real date; set to null` });
  }
}

/**
 * Birth dates: `YYYY-MM-DD` or null. PANDA installs use sentinels for "unknown" (1900-01-01,
 * 1899-12-30 from OLE dates, 9999-12-31); those, impossible calendar dates and future dates become
 * null with a reason code the caller turns into a data-quality issue.
 */
const SENTINELS = new Set(['1900-01-01', '1899-12-30', '1753-01-01', '9999-12-31', '0001-01-01']);

export type DateResult = { value: string | null; problem: null | 'SENTINEL_DATE' | 'IMPOSSIBLE_DATE' | 'FUTURE_DATE' };

export function normalizeBirthDate(raw: string | null, today: string): DateResult {
  if (raw === null || raw.trim() === '') return { value: null, problem: null };
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(raw.trim());
  if (!match) return { value: null, problem: 'IMPOSSIBLE_DATE' };
  const iso = `${match[1]}-${match[2]}-${match[3]}`;
  if (SENTINELS.has(iso)) return { value: null, problem: 'SENTINEL_DATE' };
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) return { value: null, problem: 'IMPOSSIBLE_DATE' };
  if (iso > today) return { value: null, problem: 'FUTURE_DATE' };
  return { value: iso, problem: null };
}

/**
 * Source datetimes are wall-clock times without a zone (canonical 'YYYY-MM-DDTHH:mm:ss.SSS'). Read
 * them in the practice's time zone and emit ISO-8601 with that zone's offset, e.g.
 * 2024-03-05T14:30:00-05:00.
 */
export function wallClockToIso(wallClock: string | null, timeZone: string): string | null {
  if (wallClock === null) return null;
  const epochMs = Date.parse(`${wallClock}Z`);
  if (Number.isNaN(epochMs)) return null;
  const wall = new Date(epochMs);
  // The offset in force at that local time: probe the instant wall-clock-as-UTC, then correct once.
  const offsetAt = (instant: number) => {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(new Date(instant));
    const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
    return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : 0;
  };
  let offset = offsetAt(epochMs);
  offset = offsetAt(epochMs - offset * 60_000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${wall.toISOString().slice(0, 19)}${sign}${hh}:${mm}`;
}

export type CalendarDateProblem = 'SENTINEL_DATE' | 'IMPOSSIBLE_DATE';

/**
 * A date (or the date part of a wall-clock datetime) that is not a birth date: sentinels and impossible
 * calendar dates become null; future dates are legitimate (due dates, planned visits).
 */
export function normalizeCalendarDate(raw: string | null): { value: string | null; problem: null | CalendarDateProblem } {
  if (raw === null || raw.trim() === '') return { value: null, problem: null };
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(raw.trim());
  if (!match) return { value: null, problem: 'IMPOSSIBLE_DATE' };
  const iso = `${match[1]}-${match[2]}-${match[3]}`;
  if (SENTINELS.has(iso)) return { value: null, problem: 'SENTINEL_DATE' };
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) return { value: null, problem: 'IMPOSSIBLE_DATE' };
  return { value: iso, problem: null };
}

/** A wall-clock datetime → ISO-8601 with the practice's offset; a sentinel or impossible date part → null + problem. */
export function normalizeDateTime(raw: string | null, timeZone: string): { value: string | null; problem: null | CalendarDateProblem } {
  const day = normalizeCalendarDate(raw);
  if (day.value === null) return day;
  const iso = wallClockToIso(raw, timeZone);
  return iso === null ? { value: null, problem: 'IMPOSSIBLE_DATE' } : { value: iso, problem: null };
}

/** The practice-local calendar date of an instant (epoch ms): the "today" a birth date is checked against. */
export function localDateOf(epochMs: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(epochMs));
}

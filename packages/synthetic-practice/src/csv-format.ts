import type { CanonicalValue, SqlType } from '@panda2zoho/panda-model';

/**
 * A stored value as a SQL Server export writes it, in the formats `fromCsvText` reads: ISO dates,
 * `yyyy-MM-dd HH:mm:ss.fff` stamps, bits 1/0, decimals with their scale, varbinary as 0x hex, and an
 * empty field for NULL.
 */
export function csvText(type: SqlType, value: CanonicalValue): string {
  if (value === null) return '';
  switch (type.kind) {
    case 'bit':
      return value ? '1' : '0';
    case 'datetime':
    case 'datetime2':
      return String(value).replace('T', ' ');
    case 'varbinary':
      return `0x${(value as Buffer).toString('hex').toUpperCase()}`;
    default:
      return String(value);
  }
}

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** RFC 4180: quote a field holding a comma, quote or line break (and keep edge blanks visibly quoted). */
export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/**
 * The reading side of RFC 4180 (quoted fields, doubled quotes, CRLF or LF, a leading BOM): for tests
 * and tools that check an export. Yields one array of fields per record.
 */
export function* parseCsv(text: string): Generator<string[]> {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      yield record;
      record = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    yield record;
  }
}

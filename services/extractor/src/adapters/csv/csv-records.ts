import { pipeline, Readable } from 'node:stream';
import { parse, type Info } from 'csv-parse';
import { detectCsvDelimiter, type CsvDelimiter } from './csv-delimiter.ts';
import { decodeCsvText, detectCsvEncoding, type CsvEncoding } from './csv-encoding.ts';

/** A record of a CSV file with the line it starts on (1-based, as an editor shows it). */
export type CsvRecord = { kind: 'record'; line: number; fields: string[] } | { kind: 'malformed'; line: number; code: string };

export interface OpenedCsvFile {
  encoding: CsvEncoding;
  delimiter: CsvDelimiter;
  /** Column names of the header line, trimmed. */
  header: string[];
  /** The records after the header, streamed: only the parser's buffer is in memory. */
  records: AsyncIterable<CsvRecord>;
  /** Stops reading and closes the file; reading the records to their end does it too. */
  close(): void;
}

const MAX_HEADER_CHARS = 1 << 20;

/** Line breaks inside quoted values, which make a record span several lines. */
function lineBreaks(fields: string[]): number {
  let count = 0;
  for (const field of fields) for (const _ of field.matchAll(/\r\n|\n/g)) count++;
  return count;
}

/**
 * Opens a SQL Server CSV export: encoding detected (a first streamed pass), delimiter detected from
 * the header line, then RFC 4180 records with quotes, doubled quotes and quoted line breaks. Stray
 * quotes inside unquoted values and rows with the wrong number of values are passed on (relaxed) so
 * that the caller reports them per row; only a quote left open at the end is malformed.
 */
export async function openCsvFile(file: string): Promise<OpenedCsvFile | undefined> {
  const encoding = await detectCsvEncoding(file);
  const text = decodeCsvText(file, encoding);
  let head = '';
  while (!head.includes('\n') && head.length < MAX_HEADER_CHARS) {
    const next = await text.next();
    if (next.done) break;
    head += next.value;
  }
  if (head.trim() === '') {
    await text.return(undefined);
    return undefined;
  }
  const delimiter = detectCsvDelimiter(head.split(/\r?\n/, 1)[0] ?? '');
  async function* all(): AsyncGenerator<string> {
    try {
      yield head;
      yield* text;
    } finally {
      await text.return(undefined);
    }
  }
  const skipped: Array<{ code: string }> = [];
  const parser = parse({
    delimiter,
    record_delimiter: ['\r\n', '\n'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    info: true,
    on_skip: (error) => {
      skipped.push({ code: (error as { code?: string } | undefined)?.code ?? 'CSV_MALFORMED' });
    },
  });
  // pipeline destroys both sides on failure; the failure then surfaces in the iteration below.
  pipeline(Readable.from(all()), parser, () => undefined);
  const iterator = parser[Symbol.asyncIterator]() as AsyncIterator<{ record: string[]; info: Info }>;
  const first = await iterator.next();
  if (first.done) return undefined;
  const header = first.value.record.map((name) => name.trim());
  return { encoding, delimiter, header, records: records(iterator, first.value, skipped, parser), close: () => parser.destroy() };
}

async function* records(
  iterator: AsyncIterator<{ record: string[]; info: Info }>,
  header: { record: string[]; info: Info },
  skipped: Array<{ code: string }>,
  parser: { destroy(): void },
): AsyncGenerator<CsvRecord> {
  // csv-parse's own line count is off for CRLF inside quotes, so lines are counted here: a record
  // starts after the previous one's lines and the empty lines skipped in between.
  let emptyLines = header.info.empty_lines;
  let nextLine = 1 + emptyLines + 1 + lineBreaks(header.record);
  const malformed = function* () {
    for (const { code } of skipped.splice(0)) yield { kind: 'malformed' as const, line: nextLine, code };
  };
  try {
    for (;;) {
      const next = await iterator.next();
      yield* malformed();
      if (next.done) return;
      const { record, info } = next.value;
      const line = nextLine + (info.empty_lines - emptyLines);
      emptyLines = info.empty_lines;
      nextLine = line + 1 + lineBreaks(record);
      yield { kind: 'record', line, fields: record };
    }
  } finally {
    parser.destroy();
  }
}

export type CsvDelimiter = ',' | ';' | '|' | '\t';

/** In order of preference on a tie: comma is RFC 4180's; semicolon is Excel's where the decimal mark is a comma. */
const CANDIDATES: CsvDelimiter[] = [',', ';', '\t', '|'];

/**
 * The delimiter of a file, from its header line: the candidate that occurs most often outside quotes.
 * Column names hold none of them, so the header splits cleanly on the right one. A one-column file
 * has none: comma.
 */
export function detectCsvDelimiter(headerLine: string): CsvDelimiter {
  const counts = new Map<CsvDelimiter, number>(CANDIDATES.map((c) => [c, 0]));
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char as CsvDelimiter)) counts.set(char as CsvDelimiter, counts.get(char as CsvDelimiter)! + 1);
  }
  let best: CsvDelimiter = ',';
  for (const candidate of CANDIDATES) if (counts.get(candidate)! > counts.get(best)!) best = candidate;
  return best;
}

/** How a delimiter is shown to people: '\t' is written as "tab". */
export function delimiterName(delimiter: CsvDelimiter): string {
  return delimiter === '\t' ? 'tab' : delimiter;
}

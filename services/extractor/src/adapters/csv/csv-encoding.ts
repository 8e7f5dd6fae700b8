import { createReadStream } from 'node:fs';

/**
 * How a SQL Server export is encoded. SSMS and bcp write UTF-8 (with or without BOM), "Unicode"
 * (UTF-16 LE with BOM) or the ANSI code page, which for US and Western European installs is
 * Windows-1252 (é, ñ as single bytes, which are never valid UTF-8 sequences there).
 */
export type CsvEncoding = 'utf-8-bom' | 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

const CHUNK = 64 * 1024;

function decoderLabel(encoding: CsvEncoding): string {
  return encoding === 'utf-8-bom' ? 'utf-8' : encoding;
}

function fromBom(bytes: Buffer): CsvEncoding | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8-bom';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

/**
 * A BOM decides; otherwise the whole file is checked as UTF-8 (streamed, so memory stays bounded) and
 * any invalid sequence makes it Windows-1252. A 1252 file can only pass as UTF-8 by containing exact
 * UTF-8 sequences such as "Ã©", which real names do not.
 */
export async function detectCsvEncoding(file: string): Promise<CsvEncoding> {
  const validator = new TextDecoder('utf-8', { fatal: true });
  let first = true;
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>) {
      if (first) {
        first = false;
        const bom = fromBom(chunk);
        if (bom) return bom;
      }
      validator.decode(chunk, { stream: true });
    }
    validator.decode();
    return 'utf-8';
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_ENCODING_INVALID_ENCODED_DATA') return 'windows-1252';
    throw error;
  }
}

/** The file as text, chunk by chunk; a BOM is dropped. */
export async function* decodeCsvText(file: string, encoding: CsvEncoding): AsyncGenerator<string> {
  const decoder = new TextDecoder(decoderLabel(encoding));
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>) {
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

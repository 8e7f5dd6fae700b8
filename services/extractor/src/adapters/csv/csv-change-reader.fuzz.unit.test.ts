import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { REFERENCE_TABLES } from '@panda2zoho/panda-model';
import { seededRandom } from '@panda2zoho/synthetic-practice';
import { readCsvExport, type CsvReadItem } from './csv-change-reader.ts';

// Hostile CSV exports: whatever the bytes, reading finishes, every row becomes a change or a problem
// that names file and line with a code, and no problem quotes a value (PHI).
const root = mkdtempSync(path.join(tmpdir(), 'p2z-csv-fuzz-'));
after(() => rmSync(root, { recursive: true, force: true }));

const HEADER = 'PatientID,ChartNumber,FirstName,LastName,BirthDate,Email,HomePhone,Address1,City,State,Zip,CreatedAt';
const SECRET_VALUES = ['Wilhelmina', 'Grundlethorpe', 'w.grundle@example.org', '555-0110', 'Marmaladestrasse'];
function row(id: number): string {
  return `${id},C-${id},Wilhelmina,"Grundlethorpe, Jr.",1961-04-0${(id % 9) + 1},w.grundle@example.org,(415) 555-0110,"12 Marmaladestrasse",Oakland,CA,94601,2020-01-02 03:04:05.000`;
}
const VALID = Buffer.from(`${HEADER}\r\n${Array.from({ length: 20 }, (_, i) => row(i + 1)).join('\r\n')}\r\n`, 'utf8');

let n = 0;
async function readBytes(content: Buffer): Promise<CsvReadItem[]> {
  const folder = path.join(root, `e${n++}`);
  mkdirSync(path.join(folder, 'PANDA_FZ'), { recursive: true });
  writeFileSync(path.join(folder, 'PANDA_FZ', 'Patients.csv'), content);
  const items: CsvReadItem[] = [];
  for await (const item of readCsvExport({ folder, tables: REFERENCE_TABLES })) items.push(item);
  return items;
}

async function assertHandled(content: Buffer, label: string): Promise<CsvReadItem[]> {
  let items: CsvReadItem[];
  try {
    items = await readBytes(content);
  } catch (error) {
    assert.fail(`${label}: reading threw (${error instanceof Error ? error.message : String(error)}) instead of reporting a problem`);
  }
  for (const item of items) {
    if (item.kind === 'change') continue;
    assert.match(item.code, /^[A-Z_]+$/, `${label}: a problem without a code`);
    assert.match(item.position, /^PANDA_FZ\/Patients\.csv(:\d+)?$/, `${label}: ${item.code} does not point at file and line`);
    for (const secret of SECRET_VALUES) assert.ok(!item.reason.includes(secret), `${label}: ${item.code} quotes a value: ${item.reason}`);
  }
  return items;
}

const changes = (items: CsvReadItem[]) => items.filter((i) => i.kind === 'change').length;
const problems = (items: CsvReadItem[]) => items.filter((i) => i.kind === 'unreadable').length;

describe('CSV export reader under hostile input', () => {
  test('the untouched file yields its 20 rows (the baseline)', async () => {
    const items = await assertHandled(VALID, 'valid');
    assert.equal(changes(items), 20);
    assert.equal(problems(items), 0);
  });

  test('every truncation point: the rows before it are read, a cut row is a change or a problem, nothing throws', async () => {
    for (let length = 0; length < VALID.length; length += 7) {
      const items = await assertHandled(VALID.subarray(0, length), `truncated to ${length}`);
      const completeRows = VALID.subarray(0, length).toString('utf8').split('\r\n').length - 2;
      assert.ok(changes(items) + problems(items) >= Math.max(0, completeRows), `truncated to ${length}: rows went missing`);
    }
  });

  test('300 random corruptions: reading always finishes and every problem is coded and value-free', async () => {
    const random = seededRandom(1126);
    let reported = 0;
    for (let i = 0; i < 300; i++) {
      const mutated = Buffer.from(VALID);
      const flips = 1 + Math.floor(random() * 6);
      for (let f = 0; f < flips; f++) mutated[Math.floor(random() * mutated.length)] = [0x22, 0x2c, 0x0a, 0x0d, 0x00, 0xff, 0xfe, 0x80][Math.floor(random() * 8)]!;
      const items = await assertHandled(mutated, `corruption #${i}`);
      reported += items.filter((item) => item.kind !== 'change').length;
    }
    assert.ok(reported > 0, 'corruptions must surface as problems or notices');
  });

  test('an unclosed quote, wrong column counts, NUL bytes, invalid UTF-8 and a 5 MB cell are reported per row, and the following rows still read', async () => {
    const lines = [
      HEADER,
      row(1),
      '2,C-2,Wilhelmina,Grundlethorpe', // too few values
      `${row(3)},extra,values`, // too many
      `4,C-4,Wil\u0000helmina,Grundlethorpe,1961-04-01,,,,,,,`,
      `5,C-5,${'W'.repeat(5_000_000)},Grundlethorpe,1961-04-01,,,,,,,`,
      '6,C-6,Wilhelmina,Grundlethorpe,1961-02-31,,,,,,,', // impossible date
      row(7),
    ];
    const withBadUtf8 = Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n`), Buffer.from([0x38, 0x2c, 0x43, 0x2d, 0x38, 0x2c, 0xc3, 0x28, 0x2c, 0x47, 0x0d, 0x0a])]);
    const items = await assertHandled(withBadUtf8, 'mixed');
    const byLine = new Map(items.filter((i) => i.kind !== 'notice').map((i) => [i.kind === 'change' ? i.change.sourcePosition : i.position, i.kind === 'change' ? 'change' : i.code]));
    assert.equal(byLine.get('PANDA_FZ/Patients.csv:2'), 'change');
    assert.equal(byLine.get('PANDA_FZ/Patients.csv:3'), 'WRONG_COLUMN_COUNT');
    assert.equal(byLine.get('PANDA_FZ/Patients.csv:4'), 'WRONG_COLUMN_COUNT');
    assert.ok(byLine.has('PANDA_FZ/Patients.csv:5'), 'the NUL row is accounted for');
    assert.ok(byLine.has('PANDA_FZ/Patients.csv:6'), 'the 5 MB row is accounted for');
    assert.equal(byLine.get('PANDA_FZ/Patients.csv:7'), 'UNREADABLE_VALUE', 'SQL Server cannot store 1961-02-31: the export is damaged');
    assert.equal(byLine.get('PANDA_FZ/Patients.csv:8'), 'change', 'rows after the bad ones are still read');
    assert.ok(byLine.has('PANDA_FZ/Patients.csv:9'), 'the invalid UTF-8 row is accounted for');

    const unclosed = await assertHandled(Buffer.from(`${HEADER}\r\n${row(1)}\r\n9,"C-9,Wilhelmina,Grundlethorpe,1961-04-01,,,,,,,\r\n${row(10)}\r\n`), 'unclosed quote');
    assert.equal(changes(unclosed), 1);
    assert.ok(unclosed.some((i) => i.kind === 'unreadable' && i.position === 'PANDA_FZ/Patients.csv:3'), 'the row with the unclosed quote is reported, not swallowed');

    const headerless = await assertHandled(Buffer.from(`${row(1)}\r\n${row(2)}\r\n`), 'no header line');
    assert.ok(headerless.some((i) => i.kind === 'unreadable' && i.code === 'MISSING_KEY_COLUMN'), 'a file without its header is refused, with a reason that quotes nothing');
  });

  test('files that are not CSV at all: empty, binary noise, UTF-16 without a BOM', async () => {
    const empty = await assertHandled(Buffer.alloc(0), 'empty');
    assert.ok(empty.some((i) => i.kind === 'notice' && i.code === 'EMPTY_FILE'));
    const random = seededRandom(7);
    const noise = Buffer.from(Array.from({ length: 4096 }, () => Math.floor(random() * 256)));
    const items = await assertHandled(noise, 'noise');
    assert.equal(changes(items), 0, 'noise never becomes a patient');
    assert.ok(items.some((i) => i.kind !== 'change'), 'noise is reported');
    const utf16 = Buffer.from(`${HEADER}\r\n${row(1)}\r\n`, 'utf16le');
    const u = await assertHandled(utf16, 'utf-16le without BOM');
    assert.ok(changes(u) === 1 || u.some((i) => i.kind !== 'change'), 'UTF-16 is either decoded or reported');
  });
});

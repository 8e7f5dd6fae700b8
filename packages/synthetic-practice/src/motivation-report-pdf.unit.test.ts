import assert from 'node:assert/strict';
import { test } from 'node:test';
import { motivationReportPdf } from './motivation-report-pdf.ts';

test('a motivation report is a valid PDF: header, objects at the offsets its xref table gives, trailer, EOF', () => {
  const pdf = motivationReportPdf('Motivation_01-000042_20240305.pdf', ['Exam 331, Initial', 'Plaque (50 %) and bleeding \\ (28 %)']);
  const text = pdf.toString('latin1');
  assert.ok(text.startsWith('%PDF-1.4\n'));
  assert.ok(text.endsWith('%%EOF\n'));
  assert.ok(text.includes('(Motivation_01-000042_20240305.pdf)'), 'names its file');
  const startxref = Number(/startxref\n(\d+)\n/.exec(text)![1]);
  assert.ok(text.slice(startxref).startsWith('xref\n0 7\n'), 'startxref points at the xref table');
  const entries = [...text.slice(startxref).matchAll(/(\d{10}) 00000 n\r\n/g)].map((m) => Number(m[1]));
  assert.equal(entries.length, 6);
  entries.forEach((offset, i) => assert.ok(text.slice(offset).startsWith(`${i + 1} 0 obj\n`), `object ${i + 1} at ${offset}`));
  const length = Number(/\/Length (\d+)/.exec(text)![1]);
  const stream = text.slice(text.indexOf('stream\n') + 7, text.indexOf('\nendstream'));
  assert.equal(stream.length, length, 'stream /Length is exact');
  assert.ok(pdf.length < 1_200, `${pdf.length} bytes`);
});

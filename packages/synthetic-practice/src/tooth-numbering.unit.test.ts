import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMolar, toothLabel } from './tooth-numbering.ts';

test('Universal → FDI follows the perio-domain B.3 table; Palmer names quadrant and position', () => {
  const fdi = [18, 17, 16, 15, 14, 13, 12, 11, 21, 22, 23, 24, 25, 26, 27, 28, 38, 37, 36, 35, 34, 33, 32, 31, 41, 42, 43, 44, 45, 46, 47, 48];
  fdi.forEach((expected, i) => assert.equal(toothLabel(i + 1, 'FDI'), String(expected), `Universal ${i + 1}`));
  assert.equal(toothLabel(3, 'Palmer'), 'UR6');
  assert.equal(toothLabel(14, 'Palmer'), 'UL6');
  assert.equal(toothLabel(19, 'Palmer'), 'LL6');
  assert.equal(toothLabel(30, 'Palmer'), 'LR6');
  assert.equal(toothLabel(30, 'Universal'), '30');
  assert.deepEqual([...Array(32).keys()].map((i) => i + 1).filter(isMolar), [1, 2, 3, 14, 15, 16, 17, 18, 19, 30, 31, 32]);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { areNicknames, compareNames, damerauLevenshtein, foldName, jaroWinkler, soundex, withinOneEdit, type NameAgreement } from './name-similarity.ts';
import { NICKNAME_GROUPS } from './nickname-groups.ts';

test('foldName removes accents, case, punctuation, spaces and hyphens', () => {
  const cases: Array<[string | null, string]> = [
    ['Núñez', 'nunez'],
    ["O'Brien", 'obrien'],
    ['  Van der  Berg ', 'vanderberg'],
    ['Okafor-Smith', 'okaforsmith'],
    ['St. John', 'stjohn'],
    ['Żółkiewski', 'zolkiewski'],
    ['Müller', 'muller'],
    ['ZOË', 'zoe'],
    [null, ''],
  ];
  for (const [raw, folded] of cases) assert.equal(foldName(raw), folded, String(raw));
});

test('nicknames are equivalent within a group, in both directions, and not across groups', () => {
  const cases: Array<[string, string, boolean]> = [
    ['bob', 'robert', true],
    ['robert', 'bobby', true],
    ['rob', 'bob', true],
    ['bill', 'william', true],
    ['peggy', 'margaret', true],
    ['meg', 'maggie', true],
    ['liz', 'elizabeth', true],
    ['chris', 'christine', true],
    ['chris', 'christopher', true],
    ['christopher', 'christine', false],
    ['bob', 'william', false],
    ['linda', 'linda', false],
  ];
  for (const [a, b, expected] of cases) assert.equal(areNicknames(a, b), expected, `${a}/${b}`);
  assert.ok(NICKNAME_GROUPS.length >= 40);
});

test('every nickname the synthetic generator plants is in the dictionary', () => {
  // Copied from packages/synthetic-practice person-catalogue.ts GIVEN_NAMES.
  const planted: Array<[string, string[]]> = [
    ['Mary', ['Molly']], ['Patricia', ['Pat', 'Trish']], ['Jennifer', ['Jen', 'Jenny']], ['Elizabeth', ['Liz', 'Beth', 'Betty']],
    ['Margaret', ['Peggy', 'Maggie']], ['Katherine', ['Kate', 'Kathy']], ['Susan', ['Sue']], ['Deborah', ['Debbie', 'Deb']],
    ['Robert', ['Bob', 'Rob', 'Bobby']], ['William', ['Bill', 'Will']], ['James', ['Jim', 'Jimmy']], ['Michael', ['Mike']],
    ['Richard', ['Rick', 'Dick']], ['Joseph', ['Joe']], ['Thomas', ['Tom']], ['Charles', ['Chuck', 'Charlie']],
    ['Christopher', ['Chris']], ['Anthony', ['Tony']], ['David', ['Dave']], ['José', ['Pepe']],
  ];
  for (const [name, nicknames] of planted) for (const nick of nicknames) assert.equal(compareNames(name, nick), 'nickname', `${name}/${nick}`);
});

test('jaroWinkler: known values, symmetric, transpositions stay high', () => {
  const cases: Array<[string, string, number]> = [
    ['martha', 'marhta', 0.961],
    ['dwayne', 'duane', 0.84],
    ['dixon', 'dicksonx', 0.813],
    ['michael', 'micheal', 0.971],
    ['abc', 'abc', 1],
    ['', 'abc', 0],
  ];
  for (const [a, b, expected] of cases) {
    assert.equal(Math.round(jaroWinkler(a, b) * 1000) / 1000, expected, `${a}/${b}`);
    assert.equal(jaroWinkler(a, b), jaroWinkler(b, a));
  }
});

test('damerauLevenshtein counts an adjacent swap as one edit', () => {
  const cases: Array<[string, string, number]> = [
    ['michael', 'micheal', 1],
    ['smith', 'smtih', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
    ['lee', 'leee', 1],
    ['ca', 'abc', 3],
  ];
  for (const [a, b, expected] of cases) {
    assert.equal(damerauLevenshtein(a, b), expected, `${a}/${b}`);
    assert.equal(withinOneEdit(a, b), expected <= 1, `${a}/${b} within one edit`);
    assert.equal(withinOneEdit(b, a), expected <= 1, `${b}/${a} within one edit`);
  }
  for (const [a, b] of [['abc', 'abd'], ['abc', 'abc'], ['abcd', 'acbd'], ['abc', 'ac']]) assert.equal(withinOneEdit(a!, b!), true, `${a}/${b}`);
  assert.equal(withinOneEdit('abcd', 'badc'), false);
});

test('compareNames classifies pairs of raw names', () => {
  const cases: Array<[string | null, string | null, NameAgreement]> = [
    ['ROBERT', 'robert', 'exact'],
    ['Bob', 'Robert', 'nickname'],
    ['Micheal', 'Michael', 'similar'],
    ['Kowalcyzk', 'Kowalczyk', 'similar'],
    ['Leee', 'Lee', 'similar'], // a short name: one added letter
    ['Wie', 'Wei', 'similar'], // a short name: a swap
    ['Leo', 'Lee', 'different'], // a short name: a substitution is another name
    ['Al', 'Ed', 'different'],
    ['Smith', 'Smyth', 'similar'],
    ['Mary', 'Linda', 'different'],
    ['Ana Guadalupe Maria-Concepción de la Cruz', 'Ana', 'exact'],
    [null, 'Ana', 'missing'],
    ['   ', 'Ana', 'missing'],
    ['Jones', 'Moore', 'different'],
  ];
  for (const [a, b, expected] of cases) {
    assert.equal(compareNames(a, b), expected, `${a}/${b}`);
    assert.equal(compareNames(b, a), expected, `${b}/${a} (symmetric)`);
  }
});

test('soundex codes family names for blocking', () => {
  const cases: Array<[string, string]> = [['robert', 'R163'], ['rupert', 'R163'], ['ashcraft', 'A261'], ['tymczak', 'T522'], ['lee', 'L000'], ['', '']];
  for (const [name, code] of cases) assert.equal(soundex(name), code, name);
});

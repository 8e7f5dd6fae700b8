import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csrfMatches, csrfToken, issueSession, readSession, tokenMatches, validActorName } from './operator-auth.ts';

const SECRET = 'operator-token-for-tests-0123';
const HOUR = 3_600_000;

test('the token matches only itself, whatever the length of the guess', () => {
  assert.equal(tokenMatches(SECRET, SECRET), true);
  for (const guess of [undefined, '', 'o', SECRET.slice(0, -1), `${SECRET}x`, SECRET.toUpperCase()]) assert.equal(tokenMatches(guess, SECRET), false, String(guess));
});

test('a session is signed, names its actor, and expires', () => {
  const cookie = issueSession(SECRET, 'Dana Operator', 1_000);
  assert.deepEqual(readSession(SECRET, cookie, 2_000, HOUR), { actor: 'Dana Operator', issuedAtMs: 1_000 });
  assert.equal(readSession(SECRET, cookie, 1_000 + HOUR + 1, HOUR), null, 'expired');
  assert.equal(readSession('another-token-another-token', cookie, 2_000, HOUR), null, 'signed with another token');
  const [, issued, signature] = cookie.split('.');
  const forged = `${Buffer.from('Mallory').toString('base64url')}.${issued}.${signature}`;
  assert.equal(readSession(SECRET, forged, 2_000, HOUR), null, 'another actor under the same signature');
  assert.equal(readSession(SECRET, undefined, 2_000, HOUR), null);
  assert.equal(readSession(SECRET, 'a.b', 2_000, HOUR), null);
});

test('the CSRF token belongs to one session', () => {
  const a = issueSession(SECRET, 'dana', 1_000);
  const b = issueSession(SECRET, 'lee', 1_000);
  assert.equal(csrfMatches(SECRET, a, csrfToken(SECRET, a)), true);
  assert.equal(csrfMatches(SECRET, a, csrfToken(SECRET, b)), false);
  assert.equal(csrfMatches(SECRET, a, undefined), false);
});

test('actor names are short plain names', () => {
  assert.equal(validActorName('  Dana O. '), 'Dana O.');
  assert.equal(validActorName('dana@practice.example'), 'dana@practice.example');
  for (const bad of [undefined, '', ' ', '<script>', 'a'.repeat(65), 'x\ny']) assert.equal(validActorName(bad), null, String(bad));
});

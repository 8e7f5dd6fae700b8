import assert from 'node:assert/strict';
import { test } from 'node:test';
import { editionDailyCredits, forecastMigration } from './migration-forecast.ts';

test('forecast by hand: REST, bulk and single-record modules, days under the budget', () => {
  const forecast = forecastMigration({
    counts: { Accounts: 250, Contacts: 12_345, Attachments: 40, Tasks: 0 },
    edition: 'professional',
    users: 4,
    reserve: 2_000,
    bulkThreshold: 5_000,
    restCallSeconds: 1,
    bulkRowsPerSecond: 100,
    bulkPollSeconds: 10,
  });
  const byModule = Object.fromEntries(forecast.modules.map((m) => [m.module, m]));
  // Accounts, REST: 2 calls of 100 (10 credits each) + 1 of 50 (5 credits) = 3 calls, 25 credits; 3 calls / 10 complex slots = 0.3 s.
  assert.deepEqual(byModule['Accounts'], { module: 'Accounts', records: 250, path: 'rest', calls: 3, credits: 25, seconds: 0.3 });
  // Contacts, bulk: one job of 12,345 rows. GET /org 1 + upload 1 + create 1 + download 1 + polls ceil(123.45 s / 10 s) + 1 = 14.
  // Calls 1 + 3 + 14 = 18; credits 1 + 1 + 500 + 14 + 1 = 517; seconds 123.45 + 10.
  assert.deepEqual(byModule['Contacts'], { module: 'Contacts', records: 12_345, path: 'bulk', calls: 18, credits: 517, seconds: 133.45 });
  // Attachments: one call and one credit each; 40 calls / 15 concurrent.
  assert.deepEqual(byModule['Attachments'], { module: 'Attachments', records: 40, path: 'single', calls: 40, credits: 40, seconds: 40 / 15 });
  assert.equal(byModule['Tasks'], undefined, 'empty modules are left out');
  assert.equal(forecast.calls, 61);
  assert.equal(forecast.credits, 582);
  // Professional: 50,000 + 500 × 4 = 52,000 a day, minus the 2,000 reserve.
  assert.equal(forecast.creditsPerDayAvailable, 50_000);
  assert.equal(forecast.daysNeeded, 1);
  assert.equal(forecast.concurrency, 15);
  assert.equal(forecast.elapsedSeconds, forecast.estimatedSeconds);
});

test('a free edition spreads a large REST migration over days', () => {
  // 60,000 Contacts by REST = 600 calls × 10 = 6,000 credits; Free has 5,000 a day, 1,000 kept in reserve → 4,000 → 2 days.
  const forecast = forecastMigration({ counts: { Contacts: 60_000 }, edition: 'free', reserve: 1_000, bulkThreshold: Number.POSITIVE_INFINITY, restCallSeconds: 1 });
  assert.equal(forecast.credits, 6_000);
  assert.equal(forecast.calls, 600);
  assert.equal(forecast.daysNeeded, 2);
  // 600 calls / 5 (free concurrency below the 10-slot pool) = 120 s of work; one full day waited, then half the work.
  assert.equal(forecast.estimatedSeconds, 120);
  assert.equal(forecast.elapsedSeconds, 86_400 + 60);
  assert.equal(editionDailyCredits('ultimate', 3), 56_000);
  assert.equal(editionDailyCredits('standard', 1_000), 100_000, 'capped');
});

test('a rest-only module stays on the records API above the bulk threshold', () => {
  const forecast = forecastMigration({ counts: { Products: 6_000, Contacts: 6_000 }, edition: 'enterprise', bulkThreshold: 5_000, restOnlyModules: ['Products'] });
  const byModule = Object.fromEntries(forecast.modules.map((m) => [m.module, m]));
  assert.deepEqual([byModule['Products']!.path, byModule['Products']!.calls, byModule['Products']!.credits], ['rest', 60, 600]);
  assert.equal(byModule['Contacts']!.path, 'bulk');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MillerMobility, SiteName } from './perio-values.ts';
import { provisionalStage, stagingFindings, type StagingFindings, type StagingSite, type StagingTooth } from './provisional-stage.ts';

const base: StagingFindings = {
  maxInterdentalCalMm: 2, interdentalLossAtNonAdjacentTeeth: true, maxProbingDepthMm: 3, worstFurcation: null, maxMobility: 0, teethPresent: 28,
};

test('stage table (B.2): severity by interdental CAL, raised by PD, furcation, mobility and teeth present', () => {
  const glickman = (grade: 0 | 1 | 2 | 3 | 4) => ({ scale: 'Glickman' as const, grade });
  const cases: Array<[string, Partial<StagingFindings>, string | null]> = [
    ['CAL 1', { maxInterdentalCalMm: 1 }, 'I'],
    ['CAL 2', {}, 'I'],
    ['CAL 3', { maxInterdentalCalMm: 3 }, 'II'],
    ['CAL 4', { maxInterdentalCalMm: 4 }, 'II'],
    ['CAL 5', { maxInterdentalCalMm: 5 }, 'III'],
    ['CAL 9', { maxInterdentalCalMm: 9 }, 'III'],
    ['CAL 2, PD 4 stays I', { maxProbingDepthMm: 4 }, 'I'],
    ['CAL 2, PD 5 → II', { maxProbingDepthMm: 5 }, 'II'],
    ['CAL 4, PD 5 stays II', { maxInterdentalCalMm: 4, maxProbingDepthMm: 5 }, 'II'],
    ['CAL 2, PD 6 → III', { maxProbingDepthMm: 6 }, 'III'],
    ['CAL 3, PD 7 → III', { maxInterdentalCalMm: 3, maxProbingDepthMm: 7 }, 'III'],
    ['furcation I does not raise', { worstFurcation: glickman(1) }, 'I'],
    ['furcation II → III', { worstFurcation: glickman(2) }, 'III'],
    ['furcation III → III', { maxInterdentalCalMm: 3, worstFurcation: glickman(3) }, 'III'],
    ['Hamp degree 2 → III', { worstFurcation: { scale: 'Hamp', grade: 2 } }, 'III'],
    ['CAL 5 + mobility 2 → IV', { maxInterdentalCalMm: 5, maxMobility: 2 }, 'IV'],
    ['CAL 5 + mobility 1 stays III', { maxInterdentalCalMm: 5, maxMobility: 1 }, 'III'],
    ['CAL 5 + 19 teeth → IV', { maxInterdentalCalMm: 5, teethPresent: 19 }, 'IV'],
    ['CAL 5 + 20 teeth stays III', { maxInterdentalCalMm: 5, teethPresent: 20 }, 'III'],
    ['CAL 2 + mobility 3 stays I (IV needs III severity)', { maxMobility: 3 }, 'I'],
    ['CAL 2 + 15 teeth stays I', { teethPresent: 15 }, 'I'],
    ['PD 6 + mobility 2 → IV', { maxProbingDepthMm: 6, maxMobility: 2 }, 'IV'],
    ['furcation II + 18 teeth → IV', { worstFurcation: glickman(2), teethPresent: 18 }, 'IV'],
    ['no case: CAL 0', { maxInterdentalCalMm: 0 }, null],
    ['no case: CAL unknown', { maxInterdentalCalMm: null }, null],
    ['no case: only adjacent teeth', { maxInterdentalCalMm: 6, interdentalLossAtNonAdjacentTeeth: false }, null],
  ];
  for (const [name, overrides, stage] of cases) {
    const result = provisionalStage({ ...base, ...overrides });
    assert.equal(result.stage, stage, name);
    assert.equal(result.provisional, true, name);
    assert.ok(result.basis.length > 0, name);
  }
});

test('basis names the thresholds used and what was not assessed, never the measured values', () => {
  const result = provisionalStage({ ...base, maxInterdentalCalMm: 7, maxProbingDepthMm: 8, maxMobility: 2, teethPresent: 17 });
  assert.equal(result.stage, 'IV');
  assert.deepEqual(result.basis, [
    'interdental CAL ≥5 mm → III',
    'mobility ≥2 (secondary occlusal trauma) → IV',
    'fewer than 20 teeth present → IV',
    'not assessed from chart data: radiographic bone loss, tooth loss due to periodontitis, grade',
  ]);
  for (const line of result.basis) assert.ok(!/\b[78]\b|\b17\b/.test(line), line);
  assert.ok(provisionalStage({ ...base, teethPresent: null }).basis.includes('teeth present not recorded'));
});

function sites(universal: number, cal: number, pd = 3): StagingSite[] {
  return (['DB', 'B', 'MB', 'DL', 'L', 'ML'] as SiteName[]).map((site) => ({ universal: String(universal), site, probingDepthMm: pd, calMm: site === 'B' ? cal + 3 : cal }));
}

function teeth(count: number, extra: Partial<StagingTooth> = {}): StagingTooth[] {
  return Array.from({ length: 32 }, (_, i) => ({ universal: String(i + 1), present: i < count, furcation: null, mobility: 0 as MillerMobility, ...extra }));
}

test('findings from chart rows: interdental sites only, non-adjacent teeth, worst values', () => {
  const chart = [...sites(3, 4, 5), ...sites(14, 2), ...sites(20, 0)];
  const findings = stagingFindings(chart, teeth(28));
  assert.deepEqual(findings, { maxInterdentalCalMm: 4, interdentalLossAtNonAdjacentTeeth: true, maxProbingDepthMm: 5, worstFurcation: null, maxMobility: 0, teethPresent: 28 });
  assert.equal(provisionalStage(findings).stage, 'II');
});

test('findings: mid-facial recession alone is not interdental loss; neighbours are adjacent, 16–17 are not', () => {
  assert.equal(stagingFindings([...sites(3, 0), ...sites(14, 0)], teeth(28)).interdentalLossAtNonAdjacentTeeth, false);
  assert.equal(stagingFindings([...sites(8, 2), ...sites(9, 2)], teeth(28)).interdentalLossAtNonAdjacentTeeth, false);
  assert.equal(stagingFindings([...sites(24, 2), ...sites(25, 2)], teeth(28)).interdentalLossAtNonAdjacentTeeth, false);
  assert.equal(stagingFindings([...sites(16, 2), ...sites(17, 2)], teeth(28)).interdentalLossAtNonAdjacentTeeth, true);
  assert.equal(stagingFindings([...sites(3, 2), ...sites(5, 2)], teeth(28)).interdentalLossAtNonAdjacentTeeth, true);
  assert.equal(stagingFindings(sites(3, 6), teeth(28)).interdentalLossAtNonAdjacentTeeth, false);
});

test('findings: worst furcation, max mobility, teeth present; empty inputs are unknown', () => {
  const withFindings = teeth(19);
  withFindings[2] = { ...withFindings[2]!, furcation: { scale: 'Glickman', grade: 2 }, mobility: 2 };
  withFindings[13] = { ...withFindings[13]!, furcation: { scale: 'Glickman', grade: 3 } };
  const findings = stagingFindings([...sites(3, 5, 6), ...sites(14, 5)], withFindings);
  assert.deepEqual(findings.worstFurcation, { scale: 'Glickman', grade: 3 });
  assert.equal(findings.maxMobility, 2);
  assert.equal(findings.teethPresent, 19);
  assert.equal(provisionalStage(findings).stage, 'IV');
  assert.deepEqual(stagingFindings([], []), {
    maxInterdentalCalMm: null, interdentalLossAtNonAdjacentTeeth: false, maxProbingDepthMm: null, worstFurcation: null, maxMobility: null, teethPresent: null,
  });
  assert.equal(provisionalStage(stagingFindings([], [])).stage, null);
});

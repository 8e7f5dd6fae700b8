import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MappingRecorded } from '@panda2zoho/events';
import { MAPPING_FORMAT, mappingVersion, parseMapping, toYaml, type MappingDocument } from './mapping-document.ts';
import { applyMappingEvent, checkMappingVersion, EMPTY_MAPPING_STATE, latestProposal, type MappingState } from './mapping-state.ts';

const doc: MappingDocument = {
  format: MAPPING_FORMAT,
  source: { kind: 'csv', name: 'export' },
  target: { modules: ['Contacts'], metadata: 'org' },
  tables: [
    {
      source: 'tblPatient',
      entity: 'patient',
      status: 'mapped',
      confidence: 0.9,
      reason: 'r',
      columns: [{ source: 'PatFName', status: 'mapped', field: 'firstName', zoho: 'Contacts.First_Name', confidence: 0.95, reason: 'name' }],
    },
  ],
};

const event = (kind: MappingRecorded['kind'], version: string, atMs: number): MappingRecorded => ({
  eventId: `${kind}:${version}:${atMs}`,
  kind,
  mappingVersion: version,
  atMs,
  actor: 'dana',
  via: 'cli',
  mappingYaml: kind === 'PROPOSED' ? 'x' : null,
  columns: 1,
  mapped: 1,
  excluded: 0,
  unmapped: 0,
});
const fold = (events: MappingRecorded[]): MappingState => events.reduce(applyMappingEvent, EMPTY_MAPPING_STATE);

test('the version is a content hash: comments and key order do not change it, any edit does', () => {
  const v = mappingVersion(doc);
  assert.match(v, /^sha256:[0-9a-f]{64}$/);
  const yaml = toYaml(doc);
  assert.equal(mappingVersion(parseMapping(`# reviewed by Dana\n${yaml}\n# end\n`)), v);
  const reordered = { tables: doc.tables, target: doc.target, source: doc.source, format: doc.format };
  assert.equal(mappingVersion(reordered as MappingDocument), v);
  const edited = parseMapping(yaml.replace('Contacts.First_Name', 'Contacts.Salutation'));
  assert.notEqual(mappingVersion(edited), v);
  const excluded = parseMapping(yaml.replace('status: mapped\n        field', 'status: excluded\n        field'));
  assert.notEqual(mappingVersion(excluded), v);
});

test('an invalid file names the problem by path and never echoes values', () => {
  const yaml = toYaml(doc).replace('zoho: Contacts.First_Name', 'zoho: Ana Núñez');
  assert.throws(() => parseMapping(yaml), (error: Error) => /tables\.0\.columns\.0\.zoho/.test(error.message) && !error.message.includes('Ana'));
  assert.throws(() => parseMapping(toYaml(doc).replace(/ *field: firstName\n/, '')), /needs field and zoho/);
  assert.throws(() => parseMapping('a: [1'), /not valid YAML/);
});

test('the gate: nothing passes before a confirmation, and only records of the confirmed version after it', () => {
  const proposed = fold([event('PROPOSED', 'sha256:a', 1)]);
  assert.deepEqual(checkMappingVersion(EMPTY_MAPPING_STATE, 'sha256:a').ok, false);
  const before = checkMappingVersion(proposed, 'sha256:a');
  assert.equal(before.ok, false);
  assert.equal(!before.ok && before.code, 'MAPPING_NOT_CONFIRMED');
  assert.match(!before.ok ? before.reason : '', /map confirm/);

  const confirmed = fold([event('PROPOSED', 'sha256:a', 1), event('CONFIRMED', 'sha256:a', 2)]);
  assert.deepEqual(checkMappingVersion(confirmed, 'sha256:a'), { ok: true, version: 'sha256:a' });
  const other = checkMappingVersion(confirmed, 'sha256:b');
  assert.equal(!other.ok && other.code, 'MAPPING_VERSION_MISMATCH');
  const missing = checkMappingVersion(confirmed, null);
  assert.equal(!missing.ok && missing.code, 'MAPPING_VERSION_MISSING');
});

test('an edited map needs its own confirmation: proposing it keeps the old confirmation in force until then', () => {
  const events = [event('PROPOSED', 'sha256:a', 1), event('CONFIRMED', 'sha256:a', 2), event('PROPOSED', 'sha256:b', 3)];
  const state = fold(events);
  assert.equal(latestProposal(state)?.version, 'sha256:b');
  assert.equal(state.confirmed?.version, 'sha256:a');
  assert.equal(checkMappingVersion(state, 'sha256:b').ok, false);
  const after = fold([...events, event('CONFIRMED', 'sha256:b', 4)]);
  assert.equal(checkMappingVersion(after, 'sha256:b').ok, true);
  assert.equal(checkMappingVersion(after, 'sha256:a').ok, false);
  assert.deepEqual(after.confirmations.map((c) => c.version), ['sha256:a', 'sha256:b']);
});

test('replaying the topic is idempotent: a re-sent proposal is kept once', () => {
  const state = fold([event('PROPOSED', 'sha256:a', 1), event('PROPOSED', 'sha256:a', 1)]);
  assert.equal(state.proposals.length, 1);
});

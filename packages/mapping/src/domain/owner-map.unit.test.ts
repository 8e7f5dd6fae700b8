import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mappingVersion, parseMapping, toYaml } from './mapping-document.ts';
import { ownerAssignmentOf, ownerFor, proposeOwners, type OrgUser, type SourceProvider } from './owner-map.ts';
import { referenceMappingDocument } from '../adapters/confirm-reference-mapping.ts';

const user = (id: string, first: string, last: string, email: string | null, over: Partial<OrgUser> = {}): OrgUser => ({
  id, firstName: first, lastName: last, fullName: `${first} ${last}`, email, active: true, admin: false, ...over,
});
const provider = (loc: string, id: string, first: string, last: string, email: string | null): SourceProvider => ({ locationId: loc, providerId: id, firstName: first, lastName: last, email, active: true });

const USERS = [
  user('u-admin', 'Office', 'Admin', 'admin@practice.example', { admin: true }),
  user('u-ana', 'Ana', 'Lopez', 'ana.lopez@practice.example'),
  user('u-ben', 'Benjamin', 'Kraus', 'ben@elsewhere.example'),
  user('u-old', 'Carl', 'Gone', 'carl@practice.example', { active: false }),
];

test('matches by e-mail first, then by name; an unknown or inactive user is not guessed', () => {
  const section = proposeOwners(
    [
      provider('L1', '2', 'Benjamín', 'Kraus', 'bkraus@practice.example'),
      provider('L1', '1', 'Ana', 'Lopez-Other', 'ANA.LOPEZ@practice.example'),
      provider('L1', '3', 'Carl', 'Gone', 'carl@practice.example'),
      provider('L2', '1', 'Dora', 'Nobody', null),
    ],
    USERS,
  );
  assert.deepEqual(section.default, { id: 'u-admin', name: 'Office Admin', email: 'admin@practice.example' });
  assert.deepEqual(
    section.providers.map((p) => [p.provider, p.user?.id ?? null, p.match]),
    [
      ['L1:provider:1', 'u-ana', 'email'],
      ['L1:provider:2', 'u-ben', 'name'],
      ['L1:provider:3', null, 'none'],
      ['L2:provider:1', null, 'none'],
    ],
  );
});

test('a chosen default owner must be an active user', () => {
  assert.equal(proposeOwners([], USERS, 'ben@elsewhere.example').default.id, 'u-ben');
  assert.throws(() => proposeOwners([], USERS, 'u-old'), /not an active user/);
});

test('the owner map is part of the mapping file and of its version', () => {
  const base = referenceMappingDocument();
  const owners = proposeOwners([provider('L1', '1', 'Ana', 'Lopez', null)], USERS);
  const withOwners = { ...base, owners };
  assert.notEqual(mappingVersion(withOwners), mappingVersion(base));
  const reparsed = parseMapping(toYaml(withOwners));
  assert.equal(mappingVersion(reparsed), mappingVersion(withOwners));
  const edited = { ...withOwners, owners: { ...owners, providers: owners.providers.map((p) => ({ ...p, user: null })) } };
  assert.notEqual(mappingVersion(edited), mappingVersion(withOwners));
  assert.throws(() => parseMapping(toYaml({ ...withOwners, owners: { ...owners, providers: [...owners.providers, ...owners.providers] } })), /listed twice/);
});

test('the writer side: mapped provider → its user; unmapped → default, named; none → default, silent', () => {
  const a = ownerAssignmentOf(proposeOwners([provider('L1', '1', 'Ana', 'Lopez', null), provider('L1', '9', 'X', 'Unknown', null)], USERS));
  assert.deepEqual(ownerFor(a, 'L1:provider:1'), { userId: 'u-ana', unmappedProvider: null });
  assert.deepEqual(ownerFor(a, 'L1:provider:9'), { userId: 'u-admin', unmappedProvider: 'L1:provider:9' });
  assert.deepEqual(ownerFor(a, 'L3:provider:4'), { userId: 'u-admin', unmappedProvider: 'L3:provider:4' });
  assert.deepEqual(ownerFor(a, null), { userId: 'u-admin', unmappedProvider: null });
});

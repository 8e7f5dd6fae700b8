import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Admin } from 'kafkajs';
import { fetchTopicOffsetsWhenAvailable } from './topic-offsets.ts';

const offsets = [{ partition: 0, offset: '5', high: '5', low: '0' }];

function adminFailing(errors: Array<Error & { retriable?: boolean }>): { admin: Admin; calls: () => number } {
  let calls = 0;
  const admin = {
    fetchTopicOffsets: async () => {
      const error = errors[calls++];
      if (error) throw error;
      return offsets;
    },
  } as unknown as Admin;
  return { admin, calls: () => calls };
}

const notLeader = () => Object.assign(new Error('This server is not the leader for that topic-partition'), { retriable: true, type: 'NOT_LEADER_FOR_PARTITION' });

test('waits out the retriable errors of a restarting broker', async () => {
  const { admin, calls } = adminFailing([notLeader(), notLeader()]);
  assert.deepEqual(await fetchTopicOffsetsWhenAvailable(admin, 't'), offsets);
  assert.equal(calls(), 3);
});

test('a non-retriable error is thrown at once', async () => {
  const { admin, calls } = adminFailing([Object.assign(new Error('Topic authorization failed'), { retriable: false })]);
  await assert.rejects(fetchTopicOffsetsWhenAvailable(admin, 't'), /authorization/);
  assert.equal(calls(), 1);
});

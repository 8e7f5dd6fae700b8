import type { Kafka } from 'kafkajs';
import { TransientError, fetchTopicOffsetsWhenAvailable, type OutboundRecord } from '@panda2zoho/kafka';
import type { Logger } from '@panda2zoho/observability';
import { emptyRoot, isEmpty, type RootState } from '../domain/assembly-state.ts';

/**
 * Assembly state of the roots on this instance's partitions, backed by a compacted changelog topic
 * (`<ns>.normalizer.assembly.v1`; layout at changelogRecords).
 *
 * Guarantees:
 * - The handler writes a root's new state to the changelog IN THE SAME TRANSACTION as the records it
 *   emitted and the consumed offsets, on the partition number of the input (the co-partitioned source
 *   topics and the changelog have equal partition counts). So the changelog is exactly as far as the
 *   committed offsets: a crash loses nothing and re-applies nothing twice.
 * - After every (re)assignment the state is dropped and rebuilt, read-committed, from the changelog
 *   partitions this instance now owns, before the next chunk is handled. No instance needs all partitions.
 * - Staged changes (`stage`/`commitStaged`) reach memory only after the handler finished a chunk; a
 *   handler retried after a transient error starts again from the committed state.
 */
export class AssemblyStore {
  private readonly roots = new Map<string, RootState>();
  /** Procedure key → root key: finds the plan of an image-less procedure delete (Change Tracking). */
  private readonly childIndex = new Map<string, string>();
  /** Root key → the partition its rows and changelog entry live on. */
  private readonly partitions = new Map<string, number>();
  private assigned: number[] = [];
  private loaded = false;
  private restores = 0;

  constructor(
    private readonly kafka: Kafka,
    private readonly changelogTopic: string,
    private readonly restoreGroupId: string,
    private readonly logger: Logger,
  ) {}

  /** Called on every group join with the partitions this member now owns. */
  assign(partitions: number[]): void {
    this.assigned = [...new Set(partitions)].sort((a, b) => a - b);
    this.loaded = false;
  }

  get(rootKey: string): RootState {
    return this.roots.get(rootKey) ?? emptyRoot(rootKey);
  }

  rootOfChild(childKey: string): string | undefined {
    return this.childIndex.get(childKey);
  }

  partitionOf(rootKey: string): number | undefined {
    return this.partitions.get(rootKey);
  }

  /** Replaces committed states (after the chunk's handler finished). */
  commit(states: Iterable<{ state: RootState; partition: number }>): void {
    for (const { state, partition } of states) this.put(state, partition);
  }

  private put(state: RootState, partition: number): void {
    const previous = this.roots.get(state.rootKey);
    for (const key of Object.keys(previous?.children ?? {})) this.childIndex.delete(key);
    if (isEmpty(state)) {
      this.roots.delete(state.rootKey);
      this.partitions.delete(state.rootKey);
      return;
    }
    this.roots.set(state.rootKey, state);
    this.partitions.set(state.rootKey, partition);
    for (const key of Object.keys(state.children)) this.childIndex.set(key, state.rootKey);
  }

  /** Loads the owned partitions' state from the changelog if an assignment changed since the last load. */
  async ensureLoaded(): Promise<void> {
    if (this.loaded) return;
    this.roots.clear();
    this.childIndex.clear();
    this.partitions.clear();
    const states = await this.readChangelog(this.assigned);
    for (const { state, partition } of states.values()) this.put(state, partition);
    this.loaded = true;
    this.logger.info({ partitions: this.assigned, roots: this.roots.size }, 'assembly state restored from the changelog');
  }

  /**
   * Reads the given changelog partitions from the beginning to their end offsets (read committed),
   * latest value per key. A private group that never commits, so every restore starts at the beginning.
   */
  private async readChangelog(partitions: number[]): Promise<Map<string, { state: RootState; partition: number }>> {
    const states = new Map<string, { state: RootState; partition: number }>();
    if (partitions.length === 0) return states;
    const admin = this.kafka.admin();
    await admin.connect();
    let ends: Map<number, bigint>;
    try {
      const offsets = await fetchTopicOffsetsWhenAvailable(admin, this.changelogTopic);
      ends = new Map(offsets.filter((o) => partitions.includes(o.partition) && BigInt(o.high) > BigInt(o.low)).map((o) => [o.partition, BigInt(o.high)]));
    } catch (error) {
      throw new TransientError('CHANGELOG_UNAVAILABLE', 'cannot read the assembly changelog offsets', { cause: error });
    } finally {
      await admin.disconnect();
    }
    if (ends.size === 0) return states;
    const consumer = this.kafka.consumer({ groupId: `${this.restoreGroupId}.${++this.restores}`, readUncommitted: false, allowAutoTopicCreation: false });
    const positions = new Map<number, bigint>();
    const caughtUp = () => [...ends].every(([p, end]) => (positions.get(p) ?? 0n) >= end);
    let finish: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const advance = (partition: number, lastOffset: string) => {
      const next = BigInt(lastOffset) + 1n;
      if (next > (positions.get(partition) ?? 0n)) positions.set(partition, next);
      if (caughtUp()) finish();
    };
    consumer.on(consumer.events.END_BATCH_PROCESS, (event) => advance(event.payload.partition, String(event.payload.lastOffset)));
    try {
      await consumer.connect();
      await consumer.subscribe({ topic: this.changelogTopic, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          if (!ends.has(batch.partition)) return;
          for (const m of batch.messages) {
            const key = m.key?.toString() ?? '';
            const at = key.indexOf(KEY_SEPARATOR);
            if (at < 0) continue;
            const rootKey = key.slice(0, at);
            const part = key.slice(at + KEY_SEPARATOR.length);
            const current = states.get(rootKey)?.state ?? emptyRoot(rootKey);
            const value = m.value === null ? null : (JSON.parse(m.value.toString('utf8'), reviveBuffers) as unknown);
            states.set(rootKey, { state: applyChangelogEntry(current, part, value), partition: batch.partition });
          }
          advance(batch.partition, batch.lastOffset());
        },
      });
      await withTimeout(done, 120_000);
    } catch (error) {
      throw new TransientError('CHANGELOG_UNAVAILABLE', 'cannot restore the assembly state from its changelog', { cause: error });
    } finally {
      await consumer.disconnect().catch(() => undefined);
    }
    return states;
  }
}

/**
 * Changelog layout: one small record per piece of a root, so a chunk writes only what it changed (a
 * whole chart's rows would outgrow Kafka's 1 MB batch limit): `<rootKey>#meta` → {root, raisedIssues,
 * lastEmitted}; `<rootKey>#<entity>:<sourceKey>` → the child row, a tombstone once it is deleted.
 * Compaction keeps the latest of each. JSON; keys in insertion order, so the same state gives the same bytes.
 */
export const KEY_SEPARATOR = '#';
const META = 'meta';

interface MetaEntry {
  root: RootState['root'];
  raisedIssues: RootState['raisedIssues'];
  lastEmitted: RootState['lastEmitted'];
}

export function changelogRecords(topic: string, partition: number, state: RootState, changedChildren: ReadonlyMap<string, unknown>): OutboundRecord[] {
  const records: OutboundRecord[] = [...changedChildren.keys()].sort().map((childKey) => {
    const row = state.children[childKey];
    return { topic, partition, key: `${state.rootKey}${KEY_SEPARATOR}${childKey}`, value: row ? Buffer.from(JSON.stringify(row), 'utf8') : null };
  });
  const meta: MetaEntry = { root: state.root, raisedIssues: state.raisedIssues, lastEmitted: state.lastEmitted };
  records.push({ topic, partition, key: `${state.rootKey}${KEY_SEPARATOR}${META}`, value: isEmpty(state) ? null : Buffer.from(JSON.stringify(meta), 'utf8') });
  return records;
}

function applyChangelogEntry(state: RootState, part: string, value: unknown): RootState {
  if (part === META) {
    const meta = value as MetaEntry | null;
    return meta === null ? { ...state, root: null, raisedIssues: [], lastEmitted: null } : { ...state, root: meta.root, raisedIssues: meta.raisedIssues, lastEmitted: meta.lastEmitted };
  }
  const children = { ...state.children };
  if (value === null) delete children[part];
  else children[part] = value as RootState['children'][string];
  return { ...state, children };
}

// Binary fields (none in exam/plan tables today) survive the JSON round trip as {type:'Buffer', data:[…]}.
function reviveBuffers(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && (value as { type?: unknown }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data)) {
    return Buffer.from((value as { data: number[] }).data);
  }
  return value;
}

async function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`changelog not read to its end within ${ms} ms`)), ms)));
  try {
    await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

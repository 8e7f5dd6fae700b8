/** Where one partition stands, as this instance of a consumer knows it. */
export interface PartitionProgress {
  topic: string;
  partition: number;
  /** Next offset to read: past the last handled record, or past skipped transaction markers. */
  nextOffset?: bigint;
  /** Kafka timestamp (ms) of the oldest record fetched and not yet committed; undefined when none is pending. */
  pendingSinceMs?: number;
}

const keyOf = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/**
 * The in-memory view the lag monitor reads: the group, its topics, whether it commits, and per assigned
 * partition the position and the oldest pending record. Owned and updated by the consumer runtime.
 */
export class ConsumerProgress {
  private readonly partitions = new Map<string, PartitionProgress>();

  constructor(
    readonly groupId: string,
    readonly topics: readonly string[],
    /** false for a read model that never commits (the reconciler): its lag comes from nextOffset. */
    readonly commits: boolean,
  ) {}

  /** After a rebalance: forget partitions now consumed by another member of the group. */
  assigned(assignment: Record<string, number[]>): void {
    const keep = new Set(Object.entries(assignment).flatMap(([topic, partitions]) => partitions.map((p) => keyOf(topic, p))));
    for (const key of [...this.partitions.keys()]) if (!keep.has(key)) this.partitions.delete(key);
  }

  pending(topic: string, partition: number, sinceMs: number | undefined): void {
    const entry = this.entry(topic, partition);
    if (sinceMs === undefined || Number.isNaN(sinceMs)) delete entry.pendingSinceMs;
    else entry.pendingSinceMs = sinceMs;
  }

  /** Moves the position forward only: a late or repeated report never moves it back. */
  advanced(topic: string, partition: number, nextOffset: bigint): void {
    const entry = this.entry(topic, partition);
    if (entry.nextOffset === undefined || nextOffset > entry.nextOffset) entry.nextOffset = nextOffset;
  }

  get(topic: string, partition: number): PartitionProgress | undefined {
    return this.partitions.get(keyOf(topic, partition));
  }

  private entry(topic: string, partition: number): PartitionProgress {
    const key = keyOf(topic, partition);
    let entry = this.partitions.get(key);
    if (!entry) {
      entry = { topic, partition };
      this.partitions.set(key, entry);
    }
    return entry;
  }
}

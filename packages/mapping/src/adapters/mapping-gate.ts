import type { Kafka } from 'kafkajs';
import { EventSerde, topicNames } from '@panda2zoho/events';
import { isPermanent } from '@panda2zoho/kafka';
import { parseMapping, type MappingDocument } from '../domain/mapping-document.ts';
import { applyMappingEvent, checkMappingVersion, EMPTY_MAPPING_STATE, proposalOf, type GateDecision, type MappingState } from '../domain/mapping-state.ts';
import { followTopics, type TopicFollower } from './topic-follower.ts';

/** Where the gate reports what it could not read (a logger's warn fits). Never given a record value. */
export type GateWarn = (context: Record<string, unknown>, message: string) => void;

export interface MappingGateOptions {
  kafka: Kafka;
  /** P2Z_TOPIC_NAMESPACE: the gate reads `<ns>.control.mapping.v1`. */
  namespace: string;
  /** The registry URL, or a serde the caller already has. */
  serde: EventSerde | string;
  /** Names this reader's private consumer group (`<ns>.<reader>.mapping-gate.<uuid>`), e.g. the service name. */
  reader: string;
  warn?: GateWarn;
  readyTimeoutMs?: number;
}

/**
 * The confirmation gate. `start` reads the mapping topic to its end before it resolves, then keeps
 * following it, so a confirmation made while a service runs takes effect without a restart.
 *
 * - the writer: `await gate.whenConfirmed()` before it starts consuming (log the reason of
 *   `gate.check(null)` while it waits), then `gate.check(record.mappingVersion)` before any Zoho call;
 *   `{ ok: false }` → write nothing, log the code, count it, and put the reason in the ledger/DLQ.
 * - the normalizer: stamp `gate.confirmedVersion()` as `mappingVersion` on what it produces.
 */
export class MappingGate {
  private state: MappingState = EMPTY_MAPPING_STATE;
  private readonly listeners: Array<(state: MappingState) => void> = [];
  private follower: TopicFollower | null = null;

  private constructor() {}

  static async start(options: MappingGateOptions): Promise<MappingGate> {
    const gate = new MappingGate();
    const serde = typeof options.serde === 'string' ? new EventSerde(options.serde) : options.serde;
    const topic = topicNames(options.namespace).controlMapping;
    gate.follower = await followTopics({
      kafka: options.kafka,
      topics: [topic],
      groupPrefix: `${options.namespace}.${options.reader}.mapping-gate`,
      ...(options.readyTimeoutMs ? { readyTimeoutMs: options.readyTimeoutMs } : {}),
      onRecord: async (record) => {
        if (record.value === null) return;
        try {
          gate.apply(applyMappingEvent(gate.state, await serde.decode('MappingRecorded', record.value)));
        } catch (error) {
          // Fails closed: an unreadable event confirms nothing. Transient (registry) errors are retried.
          if (!isPermanent(error)) throw error;
          options.warn?.({ code: error.code, topic, partition: record.partition, offset: record.offset }, 'unreadable mapping event ignored');
        }
      },
    });
    try {
      await gate.follower.ready;
    } catch (error) {
      await gate.stop();
      throw error;
    }
    return gate;
  }

  /** The version records must carry, or null while nothing is confirmed. */
  confirmedVersion(): string | null {
    return this.state.confirmed?.version ?? null;
  }

  /** The confirmed mapping file, when its proposal is on the topic (it is, for everything `map confirm` wrote). */
  confirmedMapping(): MappingDocument | null {
    const version = this.confirmedVersion();
    const yaml = version ? proposalOf(this.state, version)?.yaml : null;
    return yaml ? parseMapping(yaml) : null;
  }

  check(recordMappingVersion: string | null | undefined): GateDecision {
    return checkMappingVersion(this.state, recordMappingVersion);
  }

  snapshot(): MappingState {
    return this.state;
  }

  /**
   * Resolves with the confirmed version as soon as there is one (at once when there already is): a
   * writer can hold its consumer until then, so records wait in Kafka rather than being refused.
   */
  whenConfirmed(): Promise<string> {
    const now = this.confirmedVersion();
    if (now !== null) return Promise.resolve(now);
    return new Promise((resolve) => {
      this.onChange((state) => {
        if (state.confirmed) resolve(state.confirmed.version);
      });
    });
  }

  /** Told after every event (e.g. to move a gauge or wake a paused consumer). */
  onChange(listener: (state: MappingState) => void): void {
    this.listeners.push(listener);
  }

  async stop(): Promise<void> {
    await this.follower?.stop();
    this.follower = null;
  }

  private apply(next: MappingState): void {
    this.state = next;
    for (const listener of this.listeners) listener(next);
  }
}

import type { Kafka } from 'kafkajs';
import { EventSerde, topicNames, type AuditRecorded, type ReconciliationReported } from '@panda2zoho/events';
import { isPermanent } from '@panda2zoho/kafka';
import { applyMappingEvent, EMPTY_MAPPING_STATE, followTopics, type MappingState, type TopicFollower } from '@panda2zoho/mapping';
import type { Logger } from '@panda2zoho/observability';
import { QualityTally } from '../domain/quality-tally.ts';
import { SampleReviews } from '../domain/sample-reviews.ts';

/** What the console shows, folded from the topics it follows. Holds no record values, except the latest sample's diff (the operator reviews it). */
export class ControlReadModels {
  mapping: MappingState = EMPTY_MAPPING_STATE;
  readonly quality = new QualityTally();
  reconciliation: ReconciliationReported | null = null;
  /** Sample migrations: the latest diff (patient values) and the decisions. */
  readonly samples = new SampleReviews();
  /** The latest operator actions, newest first (bounded). */
  audit: AuditRecorded[] = [];
  unreadable = 0;
  private follower: TopicFollower | null = null;

  /** True once the control topics (not transactional) have been read to where they were at start. */
  isReady(): boolean {
    return this.follower?.isReady() ?? false;
  }

  async start(kafka: Kafka, serde: EventSerde, namespace: string, logger: Logger): Promise<void> {
    const topics = topicNames(namespace);
    const control = await followTopics({
      kafka,
      topics: [topics.controlMapping, topics.controlAudit, topics.controlSample],
      groupPrefix: `${namespace}.control.read-model`,
      onRecord: async (record) => {
        if (record.value === null) return;
        try {
          if (record.topic === topics.controlMapping) this.mapping = applyMappingEvent(this.mapping, await serde.decode('MappingRecorded', record.value));
          else if (record.topic === topics.controlSample) this.samples.apply(await serde.decode('SampleRecorded', record.value));
          else this.audit = [await serde.decode('AuditRecorded', record.value), ...this.audit].slice(0, 50);
        } catch (error) {
          if (!isPermanent(error)) throw error;
          this.unreadable++;
          logger.warn({ code: error.code, topic: record.topic, partition: record.partition, offset: record.offset }, 'unreadable control event ignored');
        }
      },
    });
    // Written in transactions by the pipeline: followed without waiting for "the end" (see followTopics).
    const pipeline = await followTopics({
      kafka,
      topics: [topics.dataQualityIssues, topics.reconciliation],
      groupPrefix: `${namespace}.control.pipeline-read-model`,
      onRecord: async (record) => {
        if (record.value === null) return;
        try {
          if (record.topic === topics.dataQualityIssues) this.quality.add(await serde.decode('DataQualityIssueRaised', record.value));
          else this.reconciliation = await serde.decode('ReconciliationReported', record.value);
        } catch (error) {
          if (!isPermanent(error)) throw error;
          this.unreadable++;
          logger.warn({ code: error.code, topic: record.topic, partition: record.partition, offset: record.offset }, 'unreadable pipeline event ignored');
        }
      },
    });
    this.follower = {
      ready: control.ready,
      isReady: () => control.isReady(),
      stop: async () => {
        await Promise.all([control.stop(), pipeline.stop()]);
      },
    };
    await control.ready;
  }

  async stop(): Promise<void> {
    await this.follower?.stop();
  }
}

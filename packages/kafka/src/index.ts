export { TransientError, PermanentError, isTransient, isPermanent } from './errors.ts';
export { DEFAULT_RETRY, backoffDelay, withRetry, type RetryPolicy } from './retry.ts';
export { ensureTopics, type TopicSpec } from './topics.ts';
export { emit, skip, deadLetter, type BatchHandler, type InboundMessage, type OutboundRecord, type Outcome } from './messages.ts';
export { DLQ_HEADERS, toDeadLetter } from './dead-letter.ts';
export { perMessage } from './per-message.ts';
export { startConsumer, type ConsumerRuntimeOptions, type RunningConsumer } from './consumer-runtime.ts';
export { createKafka, idempotentProducer, type KafkaConnection } from './kafka-client.ts';
export { runService, type HostEnv, type ServiceContext, type StartedService } from './service-host.ts';

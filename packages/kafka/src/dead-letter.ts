import type { InboundMessage, OutboundRecord } from './messages.ts';

/** Header names on dead-lettered records; documented in docs/architecture.md. */
export const DLQ_HEADERS = {
  code: 'p2z-error-code',
  reason: 'p2z-error-reason',
  service: 'p2z-origin-service',
  topic: 'p2z-origin-topic',
  partition: 'p2z-origin-partition',
  offset: 'p2z-origin-offset',
  failedAt: 'p2z-failed-at',
} as const;

/**
 * The original bytes go to the dead-letter topic untouched, so the record can be inspected and
 * replayed; why it failed travels in headers. Reasons carry no PHI (codes, field names, positions).
 */
export function toDeadLetter(
  message: InboundMessage,
  failure: { code: string; reason: string },
  context: { deadLetterTopic: string; service: string; now: () => Date },
): OutboundRecord {
  return {
    topic: context.deadLetterTopic,
    key: message.key,
    value: message.value,
    headers: {
      [DLQ_HEADERS.code]: failure.code,
      [DLQ_HEADERS.reason]: failure.reason.slice(0, 1000),
      [DLQ_HEADERS.service]: context.service,
      [DLQ_HEADERS.topic]: message.topic,
      [DLQ_HEADERS.partition]: String(message.partition),
      [DLQ_HEADERS.offset]: message.offset,
      [DLQ_HEADERS.failedAt]: context.now().toISOString(),
    },
  };
}

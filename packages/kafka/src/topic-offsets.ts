import type { Admin } from 'kafkajs';
import { TransientError } from './errors.ts';
import { withRetry } from './retry.ts';

/**
 * A topic's low and high offsets per partition, waiting out the retriable broker errors of a broker that
 * is starting, restarting or electing leaders (NOT_LEADER_FOR_PARTITION, LEADER_NOT_AVAILABLE, …)
 * instead of failing the caller's start-up on them. Non-retriable errors are thrown at once.
 */
export async function fetchTopicOffsetsWhenAvailable(admin: Admin, topic: string): Promise<Array<{ partition: number; offset: string; high: string; low: string }>> {
  return withRetry(async () => {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (error) {
      if ((error as { retriable?: boolean }).retriable) throw new TransientError('TOPIC_OFFSETS_UNAVAILABLE', `end offsets of ${topic} not available yet`, { cause: error });
      throw error;
    }
  });
}

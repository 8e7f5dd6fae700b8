import { createHash } from 'node:crypto';

/**
 * Event ids derive from what identifies the change (source system, location, key, position), never
 * from a clock or a random source: a replayed change gets the same id, so consumers can dedupe.
 */
export function stableEventId(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u001f')).digest('hex').slice(0, 32);
}

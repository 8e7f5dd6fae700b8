import { isPermanent } from './errors.ts';
import { deadLetter, type BatchHandler, type InboundMessage, type Outcome } from './messages.ts';

/**
 * Adapts a one-message handler to the batch contract. A PermanentError becomes a dead-letter outcome
 * for that message only; transient errors and bugs propagate (retry the chunk, or crash).
 */
export function perMessage(handler: (message: InboundMessage) => Promise<Outcome>): BatchHandler {
  return async (messages) => {
    const outcomes: Outcome[] = [];
    for (const message of messages) {
      try {
        outcomes.push(await handler(message));
      } catch (error) {
        if (!isPermanent(error)) throw error;
        outcomes.push(deadLetter(error.code, error.message));
      }
    }
    return outcomes;
  };
}

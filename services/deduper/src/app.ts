import { startTransformStage, topicNames } from '@panda2zoho/events';
import type { ServiceContext, StartedService } from '@panda2zoho/kafka';
import type { DeduperConfig } from './config.ts';
import { resolveIdentity } from './domain/resolve-identity.ts';

export const SERVICE = 'deduper';

/** PatientNormalized → PatientResolved, keyed by contact so one person's changes stay in order. */
export async function createApp(ctx: ServiceContext, config: DeduperConfig): Promise<StartedService> {
  const topics = topicNames(config.P2Z_TOPIC_NAMESPACE);
  const consumer = await startTransformStage({
    ctx,
    namespace: config.P2Z_TOPIC_NAMESPACE,
    registryUrl: config.SCHEMA_REGISTRY_URL,
    input: { topic: topics.patientNormalized, event: 'PatientNormalized' },
    output: { topic: topics.patientResolved, event: 'PatientResolved' },
    deadLetterTopic: topics.deadLetter(SERVICE),
    transform: (event) => {
      const resolved = resolveIdentity(event, { secret: config.DEDUPE_SECRET });
      return { kind: 'emit', key: resolved.contactKey, event: resolved };
    },
  });
  return { consumers: [consumer] };
}

import type { CountryCode } from 'libphonenumber-js';
import { startTransformStage, topicNames } from '@panda2zoho/events';
import type { ServiceContext, StartedService } from '@panda2zoho/kafka';
import type { NormalizerConfig } from './config.ts';
import { normalizePatient } from './domain/normalize-patient.ts';

export const SERVICE = 'normalizer';

function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** PatientSourceChanged → PatientNormalized; records Zoho cannot take are dead-lettered with a reason. */
export async function createApp(ctx: ServiceContext, config: NormalizerConfig): Promise<StartedService> {
  const topics = topicNames(config.P2Z_TOPIC_NAMESPACE);
  const consumer = await startTransformStage({
    ctx,
    namespace: config.P2Z_TOPIC_NAMESPACE,
    registryUrl: config.SCHEMA_REGISTRY_URL,
    input: { topic: topics.sourceChanged('patient'), event: 'SourceRecordChanged' },
    output: { topic: topics.patientNormalized, event: 'PatientNormalized' },
    deadLetterTopic: topics.deadLetter(SERVICE),
    transform: (event) => {
      const result = normalizePatient(event, {
        timeZone: config.PRACTICE_TIME_ZONE,
        defaultCountry: config.PRACTICE_COUNTRY as CountryCode,
        missingLastName: config.MISSING_LAST_NAME_POLICY,
        today: todayIn(config.PRACTICE_TIME_ZONE),
      });
      if (result.kind === 'rejected') return { kind: 'reject', code: result.code, reason: result.reason };
      // Codes and field names only, never values. A chunk retried after a transient failure counts again.
      for (const issue of result.event.issues) ctx.metrics.dataQualityIssues.inc({ entity: 'patient', code: issue.code, field: issue.field });
      return { kind: 'emit', key: `${event.source.locationId}:${event.source.sourceKey}`, event: result.event };
    },
  });
  return { consumers: [consumer] };
}

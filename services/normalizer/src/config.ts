import { httpEnv, kafkaEnv } from '@panda2zoho/config';
import { z } from 'zod';

export const normalizerConfigSchema = z.object({
  ...kafkaEnv,
  ...httpEnv,
  /** IANA zone of the practice: source wall-clock times are read in it. */
  PRACTICE_TIME_ZONE: z.string().refine((tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'not an IANA time zone').default('America/New_York'),
  /** ISO 3166 country for phone numbers written without a country code. */
  PRACTICE_COUNTRY: z.string().regex(/^[A-Z]{2}$/).default('US'),
  /** What to do with a patient without a last name (Zoho requires Last_Name). */
  MISSING_LAST_NAME_POLICY: z.enum(['dead-letter', 'placeholder']).default('dead-letter'),
});

export type NormalizerConfig = z.infer<typeof normalizerConfigSchema>;

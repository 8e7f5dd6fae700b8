import { csv, httpEnv, kafkaEnv } from '@panda2zoho/config';
import { z } from 'zod';

export const extractorConfigSchema = z.object({
  ...kafkaEnv,
  ...httpEnv,
  /** Debezium's topic.prefix. */
  DEBEZIUM_TOPIC_PREFIX: z.string().min(1).default('panda'),
  /** PANDA databases captured by the connector (database.names); one per practice location. */
  PANDA_DATABASES: csv.pipe(z.array(z.string().min(1)).min(1, 'name at least one PANDA database')),
  /** Optional database=location pairs; unlisted databases are their own location id. */
  PANDA_LOCATION_BY_DATABASE: csv.default([]),
  /** JSON file renaming a real install's tables and columns onto the reference model (see panda-model table-map.ts). */
  PANDA_TABLE_MAP_FILE: z.string().min(1).optional(),
});

export type ExtractorConfig = z.infer<typeof extractorConfigSchema>;

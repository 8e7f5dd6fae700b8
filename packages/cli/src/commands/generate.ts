import type { Command } from 'commander';
import { EventSerde } from '@panda2zoho/events';
import { createKafka } from '@panda2zoho/kafka';
import { kafkaBrokers, registryUrl } from '@panda2zoho/local-stack';
import { createLogger } from '@panda2zoho/observability';
import { DebeziumPatientProducer, generatePatients, locationDatabase, type PracticeSpec } from '@panda2zoho/synthetic-practice';
import { localStackConfig } from '../local-defaults.ts';

/** Publishes a generated practice as Debezium snapshot events (op `r`), as the connector's initial snapshot would. */
export async function publishPractice(spec: PracticeSpec, target: { brokers: string[]; registryUrl: string; prefix: string }): Promise<number> {
  const logger = createLogger({ service: 'generator', level: 'warn' });
  const kafka = createKafka({ brokers: target.brokers, clientId: 'p2z-generator' }, logger);
  const producer = new DebeziumPatientProducer(kafka, new EventSerde(target.registryUrl), target.prefix);
  await producer.start(Array.from({ length: spec.locations }, (_, i) => locationDatabase(i)));
  let count = 0;
  let chunk: Parameters<DebeziumPatientProducer['send']>[0] = [];
  for (const { database, row } of generatePatients(spec)) {
    chunk.push({ database, op: 'r', before: null, after: row });
    if (chunk.length === 500) {
      await producer.send(chunk);
      count += chunk.length;
      chunk = [];
    }
  }
  await producer.send(chunk);
  count += chunk.length;
  await producer.stop();
  return count;
}

export function registerGenerateCommand(program: Command): void {
  program
    .command('generate')
    .description('generate a synthetic PANDA practice and publish it as Debezium change events')
    .option('--locations <n>', 'practice locations (one PANDA database each)', '2')
    .option('--patients <n>', 'patients per location', '25')
    .option('--seed <n>', 'random seed: the same seed gives the same practice', '1')
    .option('--prefix <prefix>', "Debezium topic.prefix", 'panda')
    .action(async (opts: { locations: string; patients: string; seed: string; prefix: string }) => {
      const cfg = localStackConfig();
      const spec = { locations: Number(opts.locations), patients: Number(opts.patients), seed: Number(opts.seed) };
      const n = await publishPractice(spec, { brokers: kafkaBrokers(cfg), registryUrl: registryUrl(cfg), prefix: opts.prefix });
      console.log(`published ${n} patient change events for ${spec.locations} location(s)`);
    });
}

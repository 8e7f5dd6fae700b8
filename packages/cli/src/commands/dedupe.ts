import type { Command } from 'commander';
import { createKafka } from '@panda2zoho/kafka';
import { kafkaBrokers, registryUrl } from '@panda2zoho/local-stack';
import { createLogger } from '@panda2zoho/observability';
import { localStackConfig } from '../local-defaults.ts';
import { decideReview, formatPendingReviews, listPendingReviews, unmergeRecord, type DedupeTarget, type OperatorAuth } from './dedupe-review.ts';
import { CliError, EXIT } from '../exit-codes.ts';

interface TargetOptions {
  namespace: string;
}

async function withTarget<T>(opts: TargetOptions, run: (target: DedupeTarget) => Promise<T>): Promise<T> {
  const cfg = localStackConfig();
  const brokers = process.env['KAFKA_BROKERS']?.split(',') ?? kafkaBrokers(cfg);
  const kafka = createKafka({ brokers, clientId: 'p2z-dedupe-cli' }, createLogger({ service: 'cli', level: 'error' }));
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await run({ kafka, admin, registryUrl: process.env['SCHEMA_REGISTRY_URL'] ?? registryUrl(cfg), namespace: opts.namespace });
  } finally {
    await admin.disconnect();
  }
}

/** Operator actions need the operator token (P2Z_OPERATOR_TOKEN, the deduper's) and a name to record. */
export function operatorAuth(env: NodeJS.ProcessEnv, operator: string | undefined): OperatorAuth {
  const token = env['P2Z_OPERATOR_TOKEN'];
  if (!token || token.length < 16) throw new CliError('operator actions need P2Z_OPERATOR_TOKEN (the deduper\'s operator token, at least 16 characters)', EXIT.PRECONDITION);
  const name = operator ?? env['P2Z_OPERATOR_NAME'];
  if (!name || name.trim() === '') throw new CliError('operator actions need --operator <name> (or P2Z_OPERATOR_NAME): it is recorded in the decision', EXIT.USAGE);
  return { operator: name.trim(), token, now: () => Date.now() };
}

export function registerDedupeCommands(program: Command): void {
  const dedupe = program.command('dedupe').description('duplicate patients: the review queue and unmerge');
  const namespaceOption = ['--namespace <ns>', 'topic namespace', process.env['P2Z_TOPIC_NAMESPACE'] ?? 'p2z'] as const;
  const review = dedupe.command('review').description('pairs the deduper was not sure about: nothing is merged until a person decides');
  review
    .command('list')
    .description('pending pairs, with the rules that fired and the values needed to decide (to this terminal only)')
    .option('--json', 'print JSON')
    .option(...namespaceOption)
    .action(async (opts: TargetOptions & { json?: boolean }) => {
      const token = process.env['P2Z_OPERATOR_TOKEN'];
      const reviews = await withTarget(opts, (target) => listPendingReviews(target, token !== undefined && token.length >= 16 ? token : undefined));
      console.log(opts.json ? JSON.stringify(reviews, null, 2) : formatPendingReviews(reviews));
    });
  for (const [verb, accept] of [['accept', true], ['reject', false]] as const) {
    review
      .command(`${verb} <id>`)
      .description(accept ? 'merge the pair (requires P2Z_OPERATOR_TOKEN)' : 'keep the pair apart (requires P2Z_OPERATOR_TOKEN)')
      .option('--operator <name>', 'who decides (recorded in the decision)')
      .option(...namespaceOption)
      .action(async (id: string, opts: TargetOptions & { operator?: string }) => {
        const auth = operatorAuth(process.env, opts.operator);
        const decision = await withTarget(opts, (target) => decideReview(target, id, accept, auth));
        console.log(`${decision.kind} ${id} by ${decision.operator} (decision ${decision.decisionId})`);
      });
  }
  dedupe
    .command('unmerge <contactKey> <recordKey>')
    .description('split a source patient out of a contact into its own contact; it stays split (requires P2Z_OPERATOR_TOKEN)')
    .option('--operator <name>', 'who decides (recorded in the decision)')
    .option(...namespaceOption)
    .action(async (contactKey: string, recordKey: string, opts: TargetOptions & { operator?: string }) => {
      const auth = operatorAuth(process.env, opts.operator);
      const decision = await withTarget(opts, (target) => unmergeRecord(target, contactKey, recordKey, auth));
      console.log(`UNMERGE ${recordKey} from ${contactKey} by ${decision.operator} (decision ${decision.decisionId})`);
    });
}

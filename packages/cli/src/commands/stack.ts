import type { Command } from 'commander';
import { stackDown, stackStatus, stackUp, type StackStatus } from '@panda2zoho/local-stack';
import { EXIT } from '../exit-codes.ts';
import { localStackConfig } from '../local-defaults.ts';

export function printStatus(status: StackStatus): void {
  for (const c of [status.kafka, status.registry]) {
    console.log(`${c.name.padEnd(14)} ${c.running ? (c.ready ? 'ready' : 'starting') : 'stopped'}  port ${c.port}${c.pid ? `  pid ${c.pid}` : ''}`);
  }
  for (const s of status.services) console.log(`${s.name.padEnd(14)} running  pid ${s.pid}  log ${s.logFile}`);
}

export function registerStackCommands(program: Command): void {
  const stack = program.command('stack').description('the native local stack: Kafka (KRaft) and Apicurio Registry from Maven Central jars');
  stack
    .command('up')
    .description('fetch (first time) and start Kafka and the registry in the background; wait until ready')
    .action(async () => {
      printStatus(await stackUp(localStackConfig(), (line) => console.log(line)));
    });
  stack
    .command('down')
    .description('stop every process the stack started: services, emulator, registry, Kafka')
    .action(async () => {
      await stackDown(localStackConfig(), (line) => console.log(line));
    });
  stack
    .command('status')
    .description('what is running, and whether it is ready; exit 0 when Kafka and the registry are ready, 1 otherwise')
    .option('--json', 'print JSON for machines')
    .action(async (opts: { json?: boolean }) => {
      const status = await stackStatus(localStackConfig());
      if (opts.json) console.log(JSON.stringify(status, null, 2));
      else printStatus(status);
      if (!status.kafka.ready || !status.registry.ready) process.exitCode = EXIT.NOT_CLEAN;
    });
}

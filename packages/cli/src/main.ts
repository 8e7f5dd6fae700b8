import { Command, CommanderError } from 'commander';
import { registerDebeziumCommands } from './commands/debezium-config.ts';
import { registerDedupeCommands } from './commands/dedupe.ts';
import { registerForecastCommand } from './commands/forecast.ts';
import { registerGenerateCommand } from './commands/generate.ts';
import { registerMapCommands } from './commands/map.ts';
import { registerOwnersCommands } from './commands/owners.ts';
import { registerLettersCommands } from './commands/letters.ts';
import { registerPipelineCommands } from './commands/pipeline.ts';
import { registerCutoverCommand } from './commands/cutover.ts';
import { registerProvisionCommand } from './commands/provision.ts';
import { registerReconcileCommand } from './commands/reconcile.ts';
import { registerRollbackCommand } from './commands/rollback.ts';
import { registerSourceCommands } from './commands/source-inventory.ts';
import { registerStackCommands } from './commands/stack.ts';
import { registerStatusCommand } from './commands/status.ts';
import { registerZohoEmulatorCommand } from './commands/zoho-emulator.ts';
import { registerSampleCommand } from './commands/sample.ts';
import { registerMigrateCommand } from './commands/migrate.ts';
import { CliError, EXIT } from './exit-codes.ts';

export function buildProgram(): Command {
  const program = new Command('panda2zoho')
    .description('Move a PANDA Perio practice into Zoho CRM: event-sourced, reconciled, reversible.')
    .version('0.1.0')
    .showHelpAfterError()
    // Commander would exit itself; main() maps its errors onto the documented exit codes.
    .exitOverride();
  registerStackCommands(program);
  registerPipelineCommands(program);
  registerGenerateCommand(program);
  registerDebeziumCommands(program);
  registerReconcileCommand(program);
  registerStatusCommand(program);
  registerCutoverCommand(program);
  registerRollbackCommand(program);
  registerSampleCommand(program);
  registerMigrateCommand(program);
  registerSourceCommands(program);
  registerMapCommands(program);
  registerOwnersCommands(program);
  registerLettersCommands(program);
  registerZohoEmulatorCommand(program);
  registerDedupeCommands(program);
  registerForecastCommand(program);
  registerProvisionCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? EXIT.OK : EXIT.USAGE);
    console.error(`panda2zoho: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof CliError ? error.exitCode : EXIT.NOT_CLEAN);
  }
}

import type { ServiceContext } from '@panda2zoho/kafka';
import type { TableDefinition } from '@panda2zoho/panda-model';
import { readCsvExport } from '../adapters/csv/index.ts';
import type { SourceEventPublisher } from '../adapters/source-event-publisher.ts';
import type { CanonicalChange, ChangeOrProblem } from '../domain/canonical-change.ts';
import { runningInput } from './running-input.ts';

const CHUNK = 500;

/**
 * Reads a CSV export once (`<folder>/<database>/<Table>.csv`) and publishes every row; unreadable rows
 * go to the dead-letter topic with file, line and reason. Notices (unknown files, extra columns) are
 * logged. A restart re-reads the export: event ids derive from file:line, so that is harmless.
 */
export function startCsvInput(options: { ctx: ServiceContext; publisher: SourceEventPublisher; tables: TableDefinition[]; folder: string; locationFor: (db: string) => string; accept?: (change: CanonicalChange) => boolean }) {
  const { ctx } = options;
  return runningInput(
    'csv-export',
    async (signal) => {
      let chunk: ChangeOrProblem[] = [];
      const totals = { changes: 0, problems: 0 };
      const flush = async () => {
        const counts = await options.publisher.publish(chunk, `csv:${options.folder}`);
        totals.changes += counts.changes;
        totals.problems += counts.problems;
        chunk = [];
      };
      for await (const item of readCsvExport({ folder: options.folder, tables: options.tables, locationFor: options.locationFor })) {
        if (signal.aborted) return;
        if (item.kind === 'notice') {
          ctx.logger.warn({ code: item.code, reason: item.reason, position: item.position }, 'csv export notice');
          continue;
        }
        if (item.kind === 'change' && options.accept && !options.accept(item.change)) continue;
        chunk.push(item);
        if (chunk.length >= CHUNK) await flush();
      }
      await flush();
      ctx.logger.info(totals, 'csv export read');
    },
    async () => undefined,
  );
}

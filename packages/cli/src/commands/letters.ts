import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { parseCsv } from '@panda2zoho/synthetic-practice';
import { referenceTables } from './map-sources.ts';

/**
 * `letters templates`: PANDA's referral-letter templates (the LetterTemplates table of a CSV export,
 * every location folder) as one text file per template, with its merge fields listed and, where one
 * fits, the Contacts merge field a Zoho e-mail template would use, so the practice can rebuild them.
 * Templates are practice text, not patient data. `templates.json` indexes the files; `panda2zoho
 * reconcile --templates <dir>` lists them in the reconciliation report.
 */
export interface ExportedTemplate {
  locationId: string;
  templateId: string;
  name: string;
  file: string;
  mergeFields: string[];
}

export const TEMPLATE_INDEX = 'templates.json';

/** «Field», {{Field}} and <<Field>> placeholders, in order of first use. */
export function mergeFieldsOf(text: string): string[] {
  const found = [...text.matchAll(/«\s*([\w.]+)\s*»|\{\{\s*([\w.]+)\s*\}\}|<<\s*([\w.]+)\s*>>/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
  return [...new Set(found.filter((f) => f !== ''))];
}

/** A Zoho Contacts merge field for a PANDA one, when the letter is sent from the patient's Contact (syntax per Zoho's template editor: UNCONFIRMED). */
const ZOHO_MERGE: Record<string, string> = {
  PatientFirstName: '${Contacts.First Name}',
  PatientLastName: '${Contacts.Last Name}',
  PatientBirthDate: '${Contacts.Date of Birth}',
  PatientEmail: '${Contacts.Email}',
  ProviderName: '${Contacts.Contact Owner}',
};

const slug = (s: string) => s.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'template';

export function exportTemplates(csvFolder: string, outDir: string, options: { tableMapFile?: string; locations?: Record<string, string> } = {}): ExportedTemplate[] {
  const table = referenceTables(options.tableMapFile).find((t) => t.entity === 'letter_template');
  if (!table) throw new Error('the table map has no letter template table');
  const column = (field: string) => table.columns.find((c) => c.field === field)?.column ?? field;
  const exported: ExportedTemplate[] = [];
  for (const database of readdirSync(csvFolder, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    const file = path.join(csvFolder, database, `${table.table}.csv`);
    if (!existsSync(file)) continue;
    const [header, ...rows] = [...parseCsv(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''))];
    if (!header) continue;
    const at = (row: string[], field: string) => {
      const i = header.findIndex((h) => h.trim().toLowerCase() === column(field).toLowerCase());
      return i < 0 ? '' : (row[i] ?? '');
    };
    const locationId = options.locations?.[database] ?? database;
    for (const row of rows) {
      const templateId = at(row, 'templateId').trim();
      if (templateId === '') continue;
      const name = at(row, 'name').trim() || `Template ${templateId}`;
      const subject = at(row, 'subject');
      const body = at(row, 'body').replace(/\r\n?/g, '\n');
      const mergeFields = mergeFieldsOf(`${subject}\n${body}`);
      const relative = path.join(locationId, `${templateId}-${slug(name)}.txt`);
      const text = [
        `Template: ${name}`,
        `PANDA template ${templateId}, location ${locationId}`,
        `Subject: ${subject}`,
        'Merge fields:',
        ...(mergeFields.length === 0 ? ['  (none)'] : mergeFields.map((f) => `  «${f}»${ZOHO_MERGE[f] ? ` → ${ZOHO_MERGE[f]}` : ' → no Contacts merge field: fill in by hand (e.g. the referring dentist)'}`)),
        '---',
        body,
        '',
      ].join('\n');
      mkdirSync(path.join(outDir, locationId), { recursive: true });
      writeFileSync(path.join(outDir, relative), text);
      exported.push({ locationId, templateId, name, file: relative, mergeFields });
    }
  }
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, TEMPLATE_INDEX), `${JSON.stringify(exported, null, 2)}\n`);
  return exported;
}

/** The index an export wrote, for the reconciliation report; null when the folder has none. */
export function readTemplateIndex(dir: string): ExportedTemplate[] | null {
  const file = path.join(dir, TEMPLATE_INDEX);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ExportedTemplate[]) : null;
}

export function registerLettersCommands(program: Command): void {
  const letters = program.command('letters').description('referral letters: the sent letters migrate as Notes/Attachments; the templates are exported here');
  letters
    .command('templates')
    .description('export PANDA’s letter templates, one file per template with its merge fields, to rebuild as Zoho e-mail templates')
    .requiredOption('--csv <folder>', 'a CSV export (<folder>/<database>/LetterTemplates.csv)')
    .option('--out <dir>', 'where to write the files and templates.json', 'letter-templates')
    .option('--table-map <file>', 'JSON table map of a real install (default: PANDA_TABLE_MAP_FILE)', process.env['PANDA_TABLE_MAP_FILE'])
    .option('--locations <pairs>', 'database=location pairs (default: the folder name is the location)', process.env['PANDA_LOCATION_BY_DATABASE'])
    .option('--json', 'print JSON for machines')
    .action((opts: { csv: string; out: string; tableMap?: string; locations?: string; json?: boolean }) => {
      const locations = Object.fromEntries((opts.locations ?? '').split(',').filter((p) => p.includes('=')).map((p) => p.split('=', 2).map((s) => s.trim()) as [string, string]));
      const exported = exportTemplates(opts.csv, opts.out, { ...(opts.tableMap ? { tableMapFile: opts.tableMap } : {}), locations });
      if (opts.json) console.log(JSON.stringify({ out: opts.out, templates: exported }, null, 2));
      else {
        console.log(`${exported.length} letter template(s) written to ${opts.out} (index: ${TEMPLATE_INDEX}; \`panda2zoho reconcile --templates ${opts.out}\` lists them)`);
        for (const t of exported) console.log(`  ${t.file}  (${t.mergeFields.length} merge fields)`);
      }
    });
}

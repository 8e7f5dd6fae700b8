// SQL Server CSV export input (`<folder>/<database>/<Table>.csv`) and its inventory.
export { readCsvExport, readCsvExportFile, type CsvExportReadOptions, type CsvNotice, type CsvReadItem } from './csv-change-reader.ts';
export { listCsvExport, type CsvExportFile } from './csv-export-folder.ts';
export { openCsvFile, type CsvRecord, type OpenedCsvFile } from './csv-records.ts';
export type { CsvEncoding } from './csv-encoding.ts';
export type { CsvDelimiter } from './csv-delimiter.ts';
export { inventoryCsvExport, type CsvFileInventory, type CsvLocationInventory } from './csv-inventory.ts';
export type { ColumnProfile } from './csv-value-profile.ts';

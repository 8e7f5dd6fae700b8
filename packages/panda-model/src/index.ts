export { ENTITIES, columnOf, sqlTypeName, type ColumnDefinition, type EntityName, type SqlType, type TableDefinition } from './table-definition.ts';
export { REFERENCE_TABLES } from './reference-tables.ts';
export {
  CanonicalValueError,
  decimalFromBytes,
  decimalFromText,
  fromCsvText,
  fromDebezium,
  fromMssql,
  isoDateFromDays,
  wallClockFromMs,
  type CanonicalValue,
} from './canonical-value.ts';
export { toCanonicalRecord, type CanonicalRecord, type RecordResult } from './canonical-record.ts';
export { hmacToken, ssnTokeniser, withSsnTokenised } from './excluded-token.ts';
export { applyTableMap, tableByName, tableForEntity, TableMapError, type TableMap } from './table-map.ts';
export { buildSampleScope, inSample, parseSampleScope, pickSamplePatients, scopeSets, type SampleScope, type ScopeRow } from './sample-scope.ts';

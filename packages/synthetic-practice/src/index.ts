export {
  locationDatabase,
  locationIndex,
  resolveSpec,
  type ChangeCounts,
  type PracticeRow,
  type PracticeSpec,
  type ResolvedSpec,
  type SourceOp,
  type StoredRow,
} from './practice-spec.ts';
export { generatePractice, practiceTruth, type TruthRecord } from './generate-practice.ts';
export { patientRows, type EntityRow } from './patient-rows.ts';
export { changeOutcome, finalState, keyFields, sourceKeyOf, type ChangeOutcome } from './change-phase.ts';
export type { PatientIdentity, DuplicateKind } from './generate-patient.ts';
export { ALL_DIRT, DEMO_DIRT, DIRT, type DirtKind } from './dirt.ts';
export { TOOTH_NUMBERINGS, quadrantOf, toothLabel, type ToothNumbering } from './tooth-numbering.ts';
export { motivationReportPdf } from './motivation-report-pdf.ts';
export { generatePatients, type GeneratedPatient, type PandaPatientRow } from './generate-patients.ts';
export { debeziumEnvelope, lsn, patientEnvelope, DEBEZIUM_VERSION, type DebeziumOp, type SnapshotMarker, type SourcePosition } from './debezium-envelope.ts';
export { avroName, debeziumColumnType, debeziumEnvelopeSchema, debeziumKeySchema, debeziumNamespace, debeziumValueSchema, SQLSERVER_SOURCE_SCHEMA } from './debezium-schema.ts';
export { debeziumRowConverter, debeziumKeyConverter, debeziumValue, decimalToBytes, type DebeziumRow } from './debezium-row.ts';
export { DebeziumEncoder, type AvroWire, type EncodedRecord } from './debezium-encoder.ts';
export { DebeziumPatientProducer, DebeziumProducer, withSnapshotMarkers } from './debezium-producer.ts';
export { csvField, csvLine, csvText, parseCsv } from './csv-format.ts';
export { writePracticeCsv, type WrittenOutput } from './csv-writer.ts';
export { writePracticeSql } from './sql-writer.ts';
export { sqlLiteral, quoteName } from './sql-literal.ts';
export { deploySqlFiles, enableCdcSql, enableChangeTrackingSql, referenceSchemaSql, DDL_FILES, SIGNAL_TABLE } from './reference-ddl.ts';
export { DEPLOY_SQL_DIR } from './deploy-sql-dir.ts';
export { dependencyOrder } from './table-order.ts';
export { seededRandom } from './random.ts';
export { tablesFromMapFile } from './table-map-file.ts';
// The generator's spellings and note rows, so the normalizer's tests prove every generated form is read.
export { BOOLEAN_SPELLINGS, spellFurcation, spellMobility, spellRecession, type FurcationStyle } from './perio-spellings.ts';
export { clinicalNoteRows } from './generate-clinical-notes.ts';
export { LETTER_TEMPLATES, renderTemplate } from './generate-referral-letters.ts';

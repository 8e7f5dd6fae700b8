// SQL Server Change Tracking input (Express has no Agent, so no CDC) and the SQL Server inventory.
export { ChangeTrackingPoller, type ChangeTrackingBatch, type ChangeTrackingPollerOptions, type ChangeTrackingRead, type ChangeTrackingWarning } from './change-tracking-poller.ts';
export { abortableSleep, runChangeTrackingLoop, type ChangeTrackingLoopOptions } from './change-tracking-loop.ts';
export type { ChangeTrackingSnapshot, ChangeTrackingSource } from './change-tracking-source.ts';
export { MssqlChangeTrackingSource } from './mssql-change-tracking-source.ts';
export {
  loadRecording,
  RecordedChangeTrackingSource,
  RecordingChangeTrackingSource,
  type ChangeTrackingRecording,
  type RecordedSnapshot,
  type RecordedTableRead,
} from './recorded-change-tracking-source.ts';
export { changeTrackingCheckpointTopic, checkpointKey, InMemoryCheckpointStore, type CheckpointStore } from './checkpoint-store.ts';
export { KafkaCheckpointStore, type KafkaCheckpointStoreOptions } from './kafka-checkpoint-store.ts';
export { classifyMssqlError } from './classify-mssql-error.ts';
export { describeMssqlTarget, mssqlConfigFromUrl } from './mssql-connection.ts';
export { collectSqlServerInventory, type DatabaseInventory, type SqlServerInventory, type TableInventory } from './sql-server-inventory.ts';
export { MssqlInventoryQueries, RecordedInventoryQueries, type InventoryQueryName, type SqlServerInventoryQueries } from './sql-server-inventory-queries.ts';
export { assessCapture, EXPRESS_LIMIT_BYTES, EXPRESS_WARNING_BYTES, type CaptureAssessment } from './sql-server-capture-assessment.ts';
export type { ChangeTrackingCheckpoint, ReloadReason } from '../../domain/change-tracking-decision.ts';

export * from './generated/events.ts';
export { EVENT_SCHEMA_FILES, type EventName, type EventTypes } from './event-catalogue.ts';
export { EventSerde, readSchemaId } from './serde.ts';
export { topicNames, debeziumTopic, type TopicNames } from './topics.ts';
export { SCHEMAS_DIR, readSchemaFile, listEventSchemas, listSchemaHistory } from './schema-files.ts';
export { stableEventId } from './event-id.ts';
export { startTransformStage, type StageResult, type TransformStageOptions } from './transform-stage.ts';
export { fromEventFields, toEventFields, type EventFields, type FieldValue } from './source-record-fields.ts';

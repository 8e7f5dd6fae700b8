// Field mapping: proposal (pure), the versioned YAML file, the mapping/audit events and the confirmation gate.
export { nameTokens, splitName, tokenSimilarity } from './domain/name-tokens.ts';
export { type ValueKind } from './domain/field-vocabulary.ts';
export {
  OWNER_MAP_USER_FIELDS,
  RECORD_ID_FIELD,
  REFERENCE_TARGETS,
  WRITER_FIELDS,
  writerTargetOf,
  writerWrites,
  type NoHome,
  type WriterModule,
  type ZohoTarget,
  MODULE_OF as ZOHO_MODULE_OF,
} from './domain/zoho-catalogue.ts';
export { proposeMapping, MAPPED_THRESHOLD, type ProposalInput, type TargetField } from './domain/propose-mapping.ts';
export { tablesFromInventory, type SourceColumn, type SourceTable, type ValueProfile } from './domain/source-shape.ts';
export {
  MAPPING_FORMAT,
  MappingFileError,
  mappingVersion,
  parseMapping,
  summarize,
  toYaml,
  type MappingColumn,
  type MappingDocument,
  type MappingTable,
} from './domain/mapping-document.ts';
export {
  applyMappingEvent,
  checkMappingVersion,
  EMPTY_MAPPING_STATE,
  latestProposal,
  proposalOf,
  type GateDecision,
  type MappingConfirmation,
  type MappingProposal,
  type MappingState,
} from './domain/mapping-state.ts';
export {
  ownerAssignmentOf,
  ownerFor,
  ownersSchema,
  proposeOwners,
  type OrgUser,
  type OwnerAssignment,
  type OwnerDecision,
  type OwnerMapSection,
  type OwnerProvider,
  type OwnerUser,
  type SourceProvider,
} from './domain/owner-map.ts';
export { tableMapOf } from './domain/table-map-of.ts';
export { NO_REFINER, type MappingRefiner } from './domain/mapping-refiner.ts';
export { chatCompletionsRefiner, type ChatCompletionsRefinerOptions } from './adapters/chat-completions-refiner.ts';
export { ensureControlTopics, MappingPublisher, MAPPING_KEY, type Actor } from './adapters/mapping-topics.ts';
export { followTopics, type FollowedRecord, type TopicFollower, type TopicFollowerOptions } from './adapters/topic-follower.ts';
export { MappingGate, type GateWarn, type MappingGateOptions } from './adapters/mapping-gate.ts';
export { confirmReferenceMapping, referenceMappingDocument } from './adapters/confirm-reference-mapping.ts';

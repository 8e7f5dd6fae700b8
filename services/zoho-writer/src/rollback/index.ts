/** What `panda2zoho rollback` needs from the writer's rollback: the pure planner, report and signing. */
export { planCompensations, ROLLBACK_ORDER, FIELD_STEP, PROVISIONED_DEALS_ACCOUNT, type RollbackPlan, type RollbackScope, type PlannedSkip } from './plan-compensations.ts';
export { compensationOutcomes, rollbackReport, reportModule, statusOf, COMPENSATION_CODES, type ModuleTally, type RollbackReport, type CompensationStatus } from './rollback-report.ts';
export { signCompensation, MIN_OPERATOR_TOKEN_LENGTH } from './operator-auth.ts';

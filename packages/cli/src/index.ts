export { buildProgram, main } from './main.ts';
export { PIPELINE_SERVICES, serviceEnv, serviceProcess, type PipelineService, type PipelineSettings, type ServiceProcess } from './pipeline-services.ts';
export { publishPractice } from './commands/generate.ts';
export { fetchReconciliation, reconciliationJson } from './commands/reconcile.ts';
export { runRollback, type RollbackRequest, type RollbackResult } from './commands/rollback-run.ts';
export { rollbackJson } from './commands/rollback.ts';

/**
 * The native local stack: a real Kafka broker (KRaft) and Apicurio Registry run from Maven Central jars,
 * without Docker, plus the detached-process supervisor the CLI also uses for the project's own services.
 */
export {
  stackConfigFromEnv,
  kafkaBrokers,
  registryUrl,
  DEFAULT_KAFKA_PORT,
  DEFAULT_REGISTRY_PORT,
  type StackConfig,
} from './stack-config.ts';
export { fetchStackArtifacts, stackArtifacts, type StackArtifacts } from './maven-artifacts.ts';
export { kafkaUp, kafkaDown, stackUp, stackDown, stackStatus, type StackStatus, type ComponentStatus, type ProcessStatus, type Log } from './stack.ts';
export { startDetached, stopDetached, isRunning, listDetached, logFileOf, type DetachedSpec } from './supervisor.ts';

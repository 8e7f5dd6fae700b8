export { ConfigError, parseConfig } from './parse-config.ts';
export { kafkaEnv, kafkaSecurityEnv, httpEnv, csv, flag } from './common-env.ts';
export { kafkaSecurityFrom, type KafkaSecurity, type KafkaSecurityEnv, type SaslMechanism } from './kafka-security.ts';

export { ConfigError, parseConfig } from './parse-config.ts';
export { kafkaEnv, httpEnv, csv } from './common-env.ts';

import { randomUUID } from 'node:crypto';

export interface KafkaNodeSettings {
  kafkaPort: number;
  controllerPort: number;
  dataDir: string;
}

/**
 * A single combined broker+controller KRaft node with a static quorum, so `StorageTool format`
 * needs no `--standalone`. Replication factors are 1 because there is one broker; topics are
 * created explicitly by the project, hence auto-creation is off. Retention stays at Kafka's defaults.
 */
export function kafkaServerProperties(s: KafkaNodeSettings): Record<string, string> {
  return {
    'process.roles': 'broker,controller',
    'node.id': '1',
    'controller.quorum.voters': `1@127.0.0.1:${s.controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${s.kafkaPort},CONTROLLER://127.0.0.1:${s.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${s.kafkaPort}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'log.dirs': s.dataDir,
    'num.partitions': '1',
    'auto.create.topics.enable': 'false',
    'offsets.topic.replication.factor': '1',
    'transaction.state.log.replication.factor': '1',
    'transaction.state.log.min.isr': '1',
    'share.coordinator.state.topic.replication.factor': '1',
    'share.coordinator.state.topic.min.isr': '1',
    'group.initial.rebalance.delay.ms': '0',
  };
}

/** java.util.Properties text; values escape backslashes and line breaks (keys here are plain). */
export function renderProperties(props: Record<string, string>, header?: string): string {
  const escape = (v: string) =>
    v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/^ /, '\\ ');
  const lines = header ? header.split('\n').map((l) => `# ${l}`) : [];
  for (const [key, value] of Object.entries(props)) lines.push(`${key}=${escape(value)}`);
  return `${lines.join('\n')}\n`;
}

/**
 * A Kafka cluster id as `kafka.tools.StorageTool random-uuid` prints it: a random (version 4) UUID
 * as unpadded URL-safe base64. Kafka rejects ids starting with '-' (they look like CLI flags), so
 * those are redrawn. Generating it here saves one JVM start on first boot.
 */
export function newKafkaClusterId(random: () => string = randomUUID): string {
  for (;;) {
    const id = Buffer.from(random().replace(/-/g, ''), 'hex').toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

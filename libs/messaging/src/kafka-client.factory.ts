import { Kafka, logLevel, type KafkaConfig, type SASLOptions } from 'kafkajs';
import { fixKafkaJs } from './kafkajs/fix-kafkajs.js';

export interface KafkaConnectionSettings {
  clientId: string;
  brokers: string[];
  ssl?: boolean;
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
  /** Where kafkajs' own log lines go (the service's pino logger). */
  log?: (level: 'error' | 'warn' | 'info' | 'debug', message: string, extra: Record<string, unknown>) => void;
}

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

export function createKafka(settings: KafkaConnectionSettings): Kafka {
  fixKafkaJs();
  const config: KafkaConfig = {
    clientId: settings.clientId,
    brokers: settings.brokers,
    ssl: settings.ssl ?? false,
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    retry: { initialRetryTime: 200, retries: 8 },
    logLevel: logLevel.WARN,
  };
  if (settings.sasl) config.sasl = settings.sasl as SASLOptions;
  const log = settings.log;
  if (log) {
    config.logCreator =
      () =>
      ({ level, log: entry }) => {
        const { message, ...extra } = entry;
        log(LEVELS[level] ?? 'info', `kafkajs: ${message}`, extra);
      };
  }
  return new Kafka(config);
}

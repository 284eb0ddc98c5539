import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsHostPortList, IsHttpUrl, IsPostgresUrl } from './env.validators.js';

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

// 'silent' is accepted in addition to pino's levels so tests can mute output.
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const KAFKA_SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

const PORT_MESSAGE = 'must be an integer between 1 and 65535';
const POOL_MESSAGE = 'must be an integer between 1 and 100';
const STATEMENT_CACHE_MESSAGE = 'must be an integer between 0 (no prepared statements) and 1000';
const TIMEOUT_MESSAGE = 'must be an integer number of milliseconds between 0 and 600000';
const BOOLEAN_MESSAGE = 'must be a boolean (true/false, 1/0, yes/no, on/off)';
const requiredWithSasl = 'is required when KAFKA_SASL_MECHANISM is set';
const saslEnabled = (config: BaseServiceConfig): boolean => config.KAFKA_SASL_MECHANISM !== undefined;

/**
 * Settings every service shares. Defaults target the local stack (tools/stack); apps subclass this and
 * set their own PORT default, e.g. `class GatewayConfig extends BaseServiceConfig { PORT = 3000 }`.
 * Env values are strings: numbers, booleans (true/false/1/0/yes/no/on/off) and lists (comma-separated)
 * are converted according to the property's declared type (or, failing that, its default's type)
 * before validation. Annotate types explicitly (`FLAG: boolean = false`): TS emits `Object` otherwise.
 */
export class BaseServiceConfig {
  @IsIn(NODE_ENVS, { message: `must be one of ${NODE_ENVS.join(', ')}` })
  NODE_ENV: NodeEnv = 'development';

  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';

  /** No default here: each service owns its port. */
  @IsInt({ message: PORT_MESSAGE })
  @Min(1, { message: PORT_MESSAGE })
  @Max(65535, { message: PORT_MESSAGE })
  PORT!: number;

  @IsString({ message: 'must be a non-empty host name or IP address' })
  @IsNotEmpty({ message: 'must be a non-empty host name or IP address' })
  HOST: string = '0.0.0.0';

  @IsHostPortList()
  KAFKA_BROKERS: string[] = ['127.0.0.1:9092'];

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  KAFKA_CLIENT_ID?: string;

  @IsBoolean({ message: BOOLEAN_MESSAGE })
  KAFKA_SSL: boolean = false;

  @IsOptional()
  @IsIn(KAFKA_SASL_MECHANISMS, { message: `must be one of ${KAFKA_SASL_MECHANISMS.join(', ')}` })
  KAFKA_SASL_MECHANISM?: KafkaSaslMechanism;

  @ValidateIf(saslEnabled)
  @IsString({ message: requiredWithSasl })
  @IsNotEmpty({ message: requiredWithSasl })
  KAFKA_SASL_USERNAME?: string;

  @ValidateIf(saslEnabled)
  @IsString({ message: requiredWithSasl })
  @IsNotEmpty({ message: requiredWithSasl })
  KAFKA_SASL_PASSWORD?: string;

  @IsPostgresUrl()
  DATABASE_URL: string = 'postgres://riskstream:riskstream@127.0.0.1:5433/riskstream';

  @IsInt({ message: POOL_MESSAGE })
  @Min(1, { message: POOL_MESSAGE })
  @Max(100, { message: POOL_MESSAGE })
  DATABASE_POOL_SIZE: number = 10;

  /**
   * Statement texts each connection prepares and then runs by name, parsed and planned once instead of per call.
   * 0 behind a pooler that cannot carry prepared statements (PgBouncer in transaction mode before 1.21).
   */
  @IsInt({ message: STATEMENT_CACHE_MESSAGE })
  @Min(0, { message: STATEMENT_CACHE_MESSAGE })
  @Max(1_000, { message: STATEMENT_CACHE_MESSAGE })
  DATABASE_STATEMENT_CACHE_SIZE: number = 100;

  /** Read by the OTel SDK itself; validated here so a typo fails fast instead of silently dropping spans. */
  @IsOptional()
  @IsHttpUrl()
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  @IsInt({ message: TIMEOUT_MESSAGE })
  @Min(0, { message: TIMEOUT_MESSAGE })
  @Max(600_000, { message: TIMEOUT_MESSAGE })
  SHUTDOWN_TIMEOUT_MS: number = 15_000;

  /** How long the group waits for a silent consumer (e.g. a killed process) before moving its partitions. */
  @IsInt({ message: 'must be an integer between 6000 and 300000 (milliseconds)' })
  @Min(6_000, { message: 'must be an integer between 6000 and 300000 (milliseconds)' })
  @Max(300_000, { message: 'must be an integer between 6000 and 300000 (milliseconds)' })
  KAFKA_SESSION_TIMEOUT_MS: number = 30_000;

  /** How long a rebalance waits for every member to re-join. */
  @IsInt({ message: 'must be an integer between 6000 and 300000 (milliseconds)' })
  @Min(6_000, { message: 'must be an integer between 6000 and 300000 (milliseconds)' })
  @Max(300_000, { message: 'must be an integer between 6000 and 300000 (milliseconds)' })
  KAFKA_REBALANCE_TIMEOUT_MS: number = 60_000;

  /** Days the inbox remembers processed event ids (must exceed topic retention plus the longest outage). */
  @IsInt({ message: 'must be an integer between 1 and 3650 (days)' })
  @Min(1, { message: 'must be an integer between 1 and 3650 (days)' })
  @Max(3650, { message: 'must be an integer between 1 and 3650 (days)' })
  INBOX_RETENTION_DAYS: number = 35;

  /**
   * Partition batches of one fetch a consumer takes at once (batch handlers coalesce them into one transaction per
   * topic). At least the partitions it is assigned, or a fetch cycle lasts several transactions.
   */
  @IsInt({ message: 'must be an integer between 1 and 64' })
  @Min(1, { message: 'must be an integer between 1 and 64' })
  @Max(64, { message: 'must be an integer between 1 and 64' })
  KAFKA_PARTITIONS_CONCURRENCY: number = 16;

  /** Largest micro-batch a batch handler gets. */
  @IsInt({ message: 'must be an integer between 1 and 5000' })
  @Min(1, { message: 'must be an integer between 1 and 5000' })
  @Max(5_000, { message: 'must be an integer between 1 and 5000' })
  KAFKA_MAX_BATCH_SIZE: number = 500;
}

export {
  BaseServiceConfig,
  KAFKA_SASL_MECHANISMS,
  LOG_LEVELS,
  NODE_ENVS,
  type KafkaSaslMechanism,
  type LogLevel,
  type NodeEnv,
} from './base-service.config.js';
export { ConfigModule } from './config.module.js';
export { ConfigValidationError, type ConfigIssue } from './config-validation.error.js';
export {
  IsHostPortList,
  IsHttpUrl,
  IsPostgresUrl,
  isHostPort,
  isHttpUrl,
  isPostgresUrl,
} from './env.validators.js';
export { loadConfig } from './load-config.js';
export { maskUrlCredentials } from './secret-masking.js';

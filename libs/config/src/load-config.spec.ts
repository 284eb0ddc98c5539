import { IsBoolean, IsInt, IsString, Matches, Min } from 'class-validator';
import { BaseServiceConfig } from './base-service.config.js';
import { ConfigValidationError } from './config-validation.error.js';
import { loadConfig } from './load-config.js';

class GatewayConfig extends BaseServiceConfig {
  override PORT = 3000;
}

class ScorerConfig extends BaseServiceConfig {
  override PORT = 3001;

  @IsBoolean()
  SHADOW_MODE = true;

  @IsInt()
  @Min(1)
  BATCH_SIZE = 50;

  @IsString()
  MODEL_PATH = 'models/default.onnx';
}

function loadError(schema: new () => object, env: NodeJS.ProcessEnv): ConfigValidationError {
  try {
    loadConfig(schema, env, 'gateway');
  } catch (error) {
    if (error instanceof ConfigValidationError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('applies local-stack defaults for an empty env', () => {
    const config = loadConfig(GatewayConfig, {});
    expect(config).toBeInstanceOf(GatewayConfig);
    expect(config).toMatchObject({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      PORT: 3000,
      HOST: '0.0.0.0',
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      KAFKA_SSL: false,
      DATABASE_URL: 'postgres://riskstream:riskstream@127.0.0.1:5433/riskstream',
      DATABASE_POOL_SIZE: 10,
      DATABASE_STATEMENT_CACHE_SIZE: 100,
      SHUTDOWN_TIMEOUT_MS: 15000,
    });
    expect(config.KAFKA_CLIENT_ID).toBeUndefined();
    expect(config.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
  });

  it('reads and converts a valid env, ignoring undeclared variables', () => {
    const config = loadConfig(GatewayConfig, {
      NODE_ENV: 'production',
      LOG_LEVEL: 'debug',
      PORT: '8080',
      KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9093,,',
      KAFKA_CLIENT_ID: 'gateway',
      KAFKA_SSL: 'true',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'svc',
      KAFKA_SASL_PASSWORD: 's3cret',
      DATABASE_URL: 'postgresql://app:pw@db.internal:5432/riskstream',
      DATABASE_POOL_SIZE: '25',
      DATABASE_STATEMENT_CACHE_SIZE: '0',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318',
      SHUTDOWN_TIMEOUT_MS: '0',
      PATH: '/usr/bin',
    });
    expect(config).toMatchObject({
      NODE_ENV: 'production',
      LOG_LEVEL: 'debug',
      PORT: 8080,
      KAFKA_BROKERS: ['kafka-1:9092', 'kafka-2:9093'],
      KAFKA_SSL: true,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      DATABASE_POOL_SIZE: 25,
      DATABASE_STATEMENT_CACHE_SIZE: 0,
      SHUTDOWN_TIMEOUT_MS: 0,
    });
    expect(config).not.toHaveProperty('PATH');
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.KAFKA_BROKERS)).toBe(true);
  });

  it('treats empty variables as unset so defaults apply', () => {
    const config = loadConfig(GatewayConfig, {
      PORT: '',
      KAFKA_BROKERS: '  ',
      OTEL_EXPORTER_OTLP_ENDPOINT: '',
    });
    expect(config.PORT).toBe(3000);
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092']);
    expect(config.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
  });

  it.each([
    ['false', false],
    ['FALSE', false],
    ['0', false],
    ['no', false],
    ['off', false],
    ['true', true],
    ['True', true],
    ['1', true],
    ['yes', true],
    ['on', true],
  ])('parses boolean %j as %s', (raw, expected) => {
    expect(loadConfig(GatewayConfig, { KAFKA_SSL: raw }).KAFKA_SSL).toBe(expected);
  });

  it('converts declared types of subclass properties too', () => {
    const config = loadConfig(ScorerConfig, { SHADOW_MODE: 'false', BATCH_SIZE: '10', PORT: '4000' });
    expect(config.SHADOW_MODE).toBe(false);
    expect(config.BATCH_SIZE).toBe(10);
    expect(config.PORT).toBe(4000);
    expect(config.MODEL_PATH).toBe('models/default.onnx');
  });

  it('rejects a boolean that is not a recognised word instead of treating it as true', () => {
    expect(loadError(GatewayConfig, { KAFKA_SSL: 'maybe' }).message).toContain(
      '  - KAFKA_SSL: must be a boolean (true/false, 1/0, yes/no, on/off) (got "maybe")',
    );
  });

  it('names every invalid variable in one error', () => {
    const error = loadError(GatewayConfig, { KAFKA_BROKERS: 'localhost', PORT: 'abc', NODE_ENV: 'staging' });
    expect(error.message).toBe(
      [
        'Invalid configuration for gateway:',
        '  - KAFKA_BROKERS: must be a comma-separated list of host:port (got "localhost")',
        '  - NODE_ENV: must be one of development, test, production (got "staging")',
        '  - PORT: must be an integer between 1 and 65535 (got "abc")',
      ].join('\n'),
    );
    expect(error.issues.map((issue) => issue.variable)).toEqual(['KAFKA_BROKERS', 'NODE_ENV', 'PORT']);
  });

  it.each([
    ['PORT', '0', 'must be an integer between 1 and 65535'],
    ['PORT', '70000', 'must be an integer between 1 and 65535'],
    ['PORT', '80.5', 'must be an integer between 1 and 65535'],
    ['LOG_LEVEL', 'verbose', 'must be one of fatal, error, warn, info, debug, trace, silent'],
    ['KAFKA_BROKERS', 'kafka:9092,kafka:99999', 'must be a comma-separated list of host:port'],
    ['KAFKA_SASL_MECHANISM', 'gssapi', 'must be one of plain, scram-sha-256, scram-sha-512'],
    ['DATABASE_URL', 'mysql://db:3306/x', 'must be a postgres:// or postgresql:// URL with a host'],
    ['DATABASE_POOL_SIZE', '-1', 'must be an integer between 1 and 100'],
    ['DATABASE_STATEMENT_CACHE_SIZE', '-1', 'must be an integer between 0 (no prepared statements) and 1000'],
    [
      'DATABASE_STATEMENT_CACHE_SIZE',
      '5000',
      'must be an integer between 0 (no prepared statements) and 1000',
    ],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'otel-collector:4318', 'must be an http:// or https:// URL'],
    ['SHUTDOWN_TIMEOUT_MS', '15s', 'must be an integer number of milliseconds between 0 and 600000'],
  ])('reports invalid %s=%j', (variable, raw, reason) => {
    const error = loadError(GatewayConfig, { [variable]: raw });
    expect(error.issues).toContainEqual({
      variable,
      reasons: [reason],
      received: `got ${JSON.stringify(raw)}`,
    });
    expect(error.message).toContain(`  - ${variable}: ${reason} (got ${JSON.stringify(raw)})`);
  });

  it('reports a required variable without default as not set', () => {
    expect(loadError(BaseServiceConfig, {}).message).toBe(
      'Invalid configuration for gateway:\n  - PORT: must be an integer between 1 and 65535 (not set)',
    );
  });

  it('requires SASL credentials once a mechanism is chosen', () => {
    const error = loadError(GatewayConfig, { KAFKA_SASL_MECHANISM: 'plain' });
    expect(error.message).toContain(
      '  - KAFKA_SASL_PASSWORD: is required when KAFKA_SASL_MECHANISM is set (not set)',
    );
    expect(error.message).toContain(
      '  - KAFKA_SASL_USERNAME: is required when KAFKA_SASL_MECHANISM is set (not set)',
    );
  });

  it('falls back to the class name when no service name is given', () => {
    expect(() => loadConfig(GatewayConfig, { PORT: 'x' })).toThrow(
      /^Invalid configuration for GatewayConfig:/,
    );
  });

  describe('secret masking', () => {
    it('masks the DATABASE_URL password', () => {
      const error = loadError(GatewayConfig, { DATABASE_URL: 'postgres://app:hunter2@/riskstream' });
      expect(error.message).not.toContain('hunter2');
      expect(error.message).toContain(
        '  - DATABASE_URL: must be a postgres:// or postgresql:// URL with a host (got "postgres://app:***@/riskstream")',
      );
    });

    it('masks passwords containing @ and : in malformed URLs', () => {
      const error = loadError(GatewayConfig, { DATABASE_URL: 'postgres://app:p@ss:w@rd@:5432/db' });
      expect(error.message).not.toMatch(/p@ss|w@rd/);
      expect(error.message).toContain('(got "postgres://app:***@:5432/db")');
    });

    it('masks the whole value of secret-named variables', () => {
      class WithToken extends GatewayConfig {
        @IsString()
        @Matches(/^tok_/)
        API_TOKEN?: string;
      }
      const error = loadError(WithToken, { API_TOKEN: 'topsecret' });
      expect(error.message).not.toContain('topsecret');
      expect(error.message).toContain('  - API_TOKEN: must match /^tok_/ regular expression (got ***)');
    });

    it('does not keep the validated object (with secrets) on the error', () => {
      const error = loadError(GatewayConfig, { DATABASE_URL: 'postgres://app:hunter2@', PORT: 'x' });
      expect(JSON.stringify(error.issues)).not.toContain('hunter2');
    });
  });
});

import { ConfigValidationError, loadConfig } from '@riskstream/config';
import { dataQualitySettingsOf } from '@riskstream/data-quality';
import { IngestionConfig } from './ingestion.config.js';

const load = (env: Record<string, string>) => loadConfig(IngestionConfig, env, 'ingestion');

describe('ingestion configuration', () => {
  it('follows the local model registry by default (safety poll every 60 s), with the shipped bundle as fallback', () => {
    const config = load({});
    expect(config.PORT).toBe(3001);
    expect(config.MODEL_REGISTRY_URL).toBe('http://127.0.0.1:3006');
    expect(config.MODEL_NAME).toBe('credit-risk-pd');
    expect(config.MODEL_BUNDLE_DIR).toMatch(/libs\/scoring\/assets\/default-bundle$/);
    expect(config.MODEL_REGISTRY_POLL_MS).toBe(60_000);
  });

  it('names every invalid model variable', () => {
    let issues: string[] = [];
    try {
      load({ MODEL_REGISTRY_URL: 'ftp://registry', MODEL_NAME: '../etc', MODEL_REGISTRY_POLL_MS: '999' });
    } catch (error) {
      if (!(error instanceof ConfigValidationError)) throw error;
      issues = error.issues.map((issue) => issue.variable);
    }
    expect(issues).toEqual(['MODEL_NAME', 'MODEL_REGISTRY_POLL_MS', 'MODEL_REGISTRY_URL']);
  });

  it('gives the data-quality checks the registry it follows, or none when MODEL_REGISTRY_URL is off', () => {
    const config = load({ MODEL_REGISTRY_URL: 'http://registry:3006', MODEL_REGISTRY_POLL_MS: '5000' });
    expect(dataQualitySettingsOf(config, 'ingestion')).toEqual({
      bundleDir: config.MODEL_BUNDLE_DIR,
      registry: { url: 'http://registry:3006', modelName: 'credit-risk-pd', pollIntervalMs: 5000 },
      serviceName: 'ingestion',
    });
    expect(dataQualitySettingsOf(load({ MODEL_REGISTRY_URL: 'off' }), 'ingestion').registry).toBeNull();
  });
});

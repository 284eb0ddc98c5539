import { ConfigValidationError, loadConfig } from '@riskstream/config';
import { REGISTRY_OFF } from '@riskstream/model-registry-client';
import { ScoringConfig } from './scoring.config.js';

const load = (env: Record<string, string>) => loadConfig(ScoringConfig, env, 'scoring');
const problems = (env: Record<string, string>): string[] => {
  try {
    load(env);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigValidationError)) throw error;
    return error.issues.map((issue) => issue.variable);
  }
};

describe('scoring configuration', () => {
  it('follows the local model registry by default, for the default bundle model', () => {
    const config = load({});
    expect(config.MODEL_REGISTRY_URL).toBe('http://127.0.0.1:3006');
    expect(config.MODEL_NAME).toBe('credit-risk-pd');
    expect(config.MODEL_BUNDLE_DIR).toMatch(/libs\/scoring\/assets\/default-bundle$/);
    expect(config.MODEL_REGISTRY_BOOT_TIMEOUT_MS).toBe(60_000);
    expect(config.MODEL_REGISTRY_POLL_MS).toBe(60_000);
  });

  it(`turns the registry off with MODEL_REGISTRY_URL=${REGISTRY_OFF}`, () => {
    expect(load({ MODEL_REGISTRY_URL: 'off' }).MODEL_REGISTRY_URL).toBe(REGISTRY_OFF);
  });

  it('names every invalid model variable', () => {
    expect(
      problems({
        MODEL_REGISTRY_URL: 'registry:3006',
        MODEL_NAME: '../etc',
        MODEL_REGISTRY_BOOT_TIMEOUT_MS: '-1',
        MODEL_REGISTRY_POLL_MS: '10',
      }),
    ).toEqual([
      'MODEL_NAME',
      'MODEL_REGISTRY_BOOT_TIMEOUT_MS',
      'MODEL_REGISTRY_POLL_MS',
      'MODEL_REGISTRY_URL',
    ]);
  });
});

import { loadConfig } from '@riskstream/config';
import { GatewayConfig } from './gateway.config.js';

describe('GatewayConfig', () => {
  it('points at the local scoring service by default', () => {
    const config = loadConfig(GatewayConfig, {});
    expect(config.SCORING_URL).toBe('http://127.0.0.1:3003');
    expect(config.SCORING_TIMEOUT_MS).toBe(2_000);
  });

  it('takes SCORING_URL and SCORING_TIMEOUT_MS from the environment', () => {
    const config = loadConfig(GatewayConfig, {
      SCORING_URL: 'https://scoring.risk.svc:8443',
      SCORING_TIMEOUT_MS: '500',
    });
    expect(config.SCORING_URL).toBe('https://scoring.risk.svc:8443');
    expect(config.SCORING_TIMEOUT_MS).toBe(500);
  });

  it.each([
    ['SCORING_URL', 'scoring:3003', /SCORING_URL.*http:\/\/ or https:\/\/ URL of the scoring service/],
    ['SCORING_TIMEOUT_MS', '0', /SCORING_TIMEOUT_MS.*between 100 and 60000/],
    ['SCORING_TIMEOUT_MS', 'soon', /SCORING_TIMEOUT_MS.*between 100 and 60000/],
  ])('fails fast on %s=%s, naming the variable', (name, value, message) => {
    expect(() => loadConfig(GatewayConfig, { [name]: value })).toThrow(message);
  });
});

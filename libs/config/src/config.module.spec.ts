import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { BaseServiceConfig } from './base-service.config.js';
import { ConfigModule } from './config.module.js';
import { ConfigValidationError } from './config-validation.error.js';

class GatewayConfig extends BaseServiceConfig {
  override PORT = 3000;
}

@Injectable()
class NeedsConfig {
  constructor(
    readonly config: GatewayConfig,
    readonly base: BaseServiceConfig,
  ) {}
}

describe('ConfigModule', () => {
  it('provides the validated config under the schema class and BaseServiceConfig', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(GatewayConfig, 'gateway', { PORT: '8081', KAFKA_SSL: 'false' })],
      providers: [NeedsConfig],
    }).compile();

    const { config, base } = moduleRef.get(NeedsConfig);
    expect(config).toBeInstanceOf(GatewayConfig);
    expect(config.PORT).toBe(8081);
    expect(config.KAFKA_SSL).toBe(false);
    expect(base).toBe(config);
    await moduleRef.close();
  });

  it('fails at module creation when the env is invalid', () => {
    expect(() => ConfigModule.forRoot(GatewayConfig, 'gateway', { PORT: 'abc' })).toThrow(
      ConfigValidationError,
    );
  });
});

import { Global, Module, type DynamicModule, type Provider } from '@nestjs/common';
import { BaseServiceConfig } from './base-service.config.js';
import { loadConfig } from './load-config.js';

@Global()
@Module({})
export class ConfigModule {
  /**
   * Loads and validates the config right away (so a bad env fails the process before Nest wires anything)
   * and provides it under `schema` and `BaseServiceConfig`, e.g. `constructor(private readonly config: GatewayConfig)`.
   */
  static forRoot<T extends BaseServiceConfig>(
    schema: new () => T,
    serviceName?: string,
    env: NodeJS.ProcessEnv = process.env,
  ): DynamicModule {
    const config = loadConfig(schema, env, serviceName);
    const providers: Provider[] = [{ provide: schema, useValue: config }];
    if (schema !== BaseServiceConfig) providers.push({ provide: BaseServiceConfig, useExisting: schema });
    return {
      module: ConfigModule,
      global: true,
      providers,
      exports: providers.map((provider) => ('provide' in provider ? provider.provide : provider)),
    };
  }
}

import { Module } from '@nestjs/common';
import { GatewayApiModule } from '@riskstream/gateway-api';
import { PlatformModule } from '@riskstream/service-platform';
import dataSource from './data-source.js';
import { GatewayConfig } from './gateway.config.js';

@Module({
  imports: [
    PlatformModule.forRoot({ serviceName: 'gateway', config: GatewayConfig, dataSource }),
    GatewayApiModule.forRootAsync({
      inject: [GatewayConfig],
      useFactory: (config: GatewayConfig) => ({
        scoring: { url: config.SCORING_URL, timeoutMs: config.SCORING_TIMEOUT_MS },
      }),
    }),
  ],
})
export class AppModule {}

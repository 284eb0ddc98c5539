import { Module } from '@nestjs/common';
import { GatewayApiModule } from '@riskstream/gateway-api';
import { PlatformModule } from '@riskstream/service-platform';
import dataSource from './data-source.js';
import { GatewayConfig } from './gateway.config.js';

@Module({
  imports: [
    PlatformModule.forRoot({ serviceName: 'gateway', config: GatewayConfig, dataSource }),
    GatewayApiModule,
  ],
})
export class AppModule {}

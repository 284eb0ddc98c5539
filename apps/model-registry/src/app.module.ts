import { Module } from '@nestjs/common';
import { ModelRegistryModule } from '@riskstream/model-registry';
import { PlatformModule } from '@riskstream/service-platform';
import dataSource from './data-source.js';
import { ModelRegistryConfig } from './model-registry.config.js';

@Module({
  imports: [
    PlatformModule.forRoot({ serviceName: 'model-registry', config: ModelRegistryConfig, dataSource }),
    ModelRegistryModule,
  ],
})
export class AppModule {}

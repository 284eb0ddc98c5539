import { Module } from '@nestjs/common';
import { BundleVerifier } from './registry/bundle-verifier.js';
import { ChangeStageUseCase } from './registry/change-stage.use-case.js';
import { ModelCatalog } from './registry/model-catalog.js';
import { ModelRegistryMetrics } from './registry/model-registry-metrics.js';
import { ModelVersionsRepository } from './registry/model-versions.repository.js';
import { ModelsController } from './registry/models.controller.js';
import { RegisterModelUseCase } from './registry/register-model.use-case.js';
import { RegistryTransactions } from './registry/registry-transactions.js';

/** The model registry's REST API: register, list, download, promote, roll back (needs PlatformModule). */
@Module({
  controllers: [ModelsController],
  providers: [
    BundleVerifier,
    ChangeStageUseCase,
    ModelCatalog,
    ModelRegistryMetrics,
    ModelVersionsRepository,
    RegisterModelUseCase,
    RegistryTransactions,
  ],
})
export class ModelRegistryModule {}

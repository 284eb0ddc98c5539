import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { TOPICS, type FeaturesComputedV1 } from '@riskstream/contracts';
import { OnEventBatch, type BatchItem, type KafkaBatchContext } from '@riskstream/messaging';
import { ModelProvider } from './model.provider.js';
import { ScoreApplicationsUseCase } from './score-applications.use-case.js';

@Controller()
export class ScoringConsumer {
  constructor(
    private readonly scoreApplications: ScoreApplicationsUseCase,
    private readonly models: ModelProvider,
  ) {}

  // One Kafka fetch per partition = one micro-batch = one ONNX call, entirely with one bundle: the lease keeps
  // that bundle current (and open) for the whole batch even if a promotion switches the service meanwhile.
  @OnEventBatch(TOPICS.featuresComputed, { dedupe: 'handler' })
  onFeatures(
    @Payload() items: BatchItem<FeaturesComputedV1>[],
    @Ctx() ctx: KafkaBatchContext,
  ): Promise<void> {
    return this.models.withModel(() => this.scoreApplications.execute(items, ctx));
  }
}

import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { TOPICS, type FeaturesComputedV1 } from '@riskstream/contracts';
import { OnEventBatch, type BatchItem, type KafkaBatchContext } from '@riskstream/messaging';
import { ScoreApplicationsUseCase } from './score-applications.use-case.js';

@Controller()
export class ScoringConsumer {
  constructor(private readonly scoreApplications: ScoreApplicationsUseCase) {}

  // One Kafka fetch per partition = one micro-batch = one ONNX call.
  @OnEventBatch(TOPICS.featuresComputed)
  onFeatures(
    @Payload() items: BatchItem<FeaturesComputedV1>[],
    @Ctx() ctx: KafkaBatchContext,
  ): Promise<void> {
    return this.scoreApplications.execute(items, ctx);
  }
}

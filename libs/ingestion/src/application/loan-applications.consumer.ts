import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { TOPICS } from '@riskstream/contracts';
import { OnRawEvent, type KafkaEventContext, type RawKafkaMessage } from '@riskstream/messaging';
import { RecordLoanApplicationUseCase } from './record-loan-application.use-case.js';

@Controller()
export class LoanApplicationsConsumer {
  constructor(private readonly recordApplication: RecordLoanApplicationUseCase) {}

  // Raw bytes: ingestion explains bad payloads itself (rejected topic + table) instead of a generic dead letter.
  @OnRawEvent(TOPICS.loanApplicationSubmitted)
  async onApplicationSubmitted(@Payload() message: RawKafkaMessage, @Ctx() ctx: KafkaEventContext): Promise<void> {
    await this.recordApplication.execute(message, ctx);
  }
}

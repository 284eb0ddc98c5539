import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  TOPICS,
  type ApplicationValidatedV1,
  type CreditBureauReportReceivedV1,
} from '@riskstream/contracts';
import { OnEventBatch, type BatchItem, type KafkaBatchContext } from '@riskstream/messaging';
import { JoinApplicationsUseCase } from './join-applications.use-case.js';
import { StoreCreditReportsUseCase } from './store-credit-reports.use-case.js';

@Controller()
export class FeaturesConsumer {
  constructor(
    private readonly applications: JoinApplicationsUseCase,
    private readonly reports: StoreCreditReportsUseCase,
  ) {}

  @OnEventBatch(TOPICS.applicationValidated)
  onApplications(
    @Payload() items: BatchItem<ApplicationValidatedV1>[],
    @Ctx() ctx: KafkaBatchContext,
  ): Promise<void> {
    return this.applications.execute(items, ctx);
  }

  @OnEventBatch(TOPICS.creditBureauReportValidated)
  onCreditReports(
    @Payload() items: BatchItem<CreditBureauReportReceivedV1>[],
    @Ctx() ctx: KafkaBatchContext,
  ): Promise<void> {
    return this.reports.execute(items, ctx);
  }
}

import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { TOPICS, type ApplicationValidatedV1, type CreditReportValidatedV1 } from '@riskstream/contracts';
import { OnEventBatch, type BatchItem, type KafkaBatchContext } from '@riskstream/messaging';
import { JoinApplicationsUseCase } from './join-applications.use-case.js';
import { StoreCreditReportsUseCase } from './store-credit-reports.use-case.js';

@Controller()
export class FeaturesConsumer {
  constructor(
    private readonly applications: JoinApplicationsUseCase,
    private readonly reports: StoreCreditReportsUseCase,
  ) {}

  // Declared first: when a fetch holds both, the reports are stored before the applications of the same
  // transaction are joined, so those applications do not wait for the bureau grace period.
  @OnEventBatch(TOPICS.creditBureauReportValidated, { dedupe: 'handler' })
  onCreditReports(
    @Payload() items: BatchItem<CreditReportValidatedV1>[],
    @Ctx() ctx: KafkaBatchContext,
  ): Promise<void> {
    return this.reports.execute(items, ctx);
  }

  @OnEventBatch(TOPICS.applicationValidated, { dedupe: 'handler' })
  onApplications(
    @Payload() items: BatchItem<ApplicationValidatedV1>[],
    @Ctx() ctx: KafkaBatchContext,
  ): Promise<void> {
    return this.applications.execute(items, ctx);
  }
}

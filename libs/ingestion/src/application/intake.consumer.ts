import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { TOPICS } from '@riskstream/contracts';
import {
  OnRawEventBatch,
  type BatchItem,
  type KafkaBatchContext,
  type RawKafkaMessage,
} from '@riskstream/messaging';
import { IngestApplicationsUseCase } from './ingest-applications.use-case.js';
import { IngestCreditReportsUseCase } from './ingest-credit-reports.use-case.js';

// Raw bytes: ingestion explains bad payloads itself (rejected topic + table) instead of a generic dead letter.
@Controller()
export class IntakeConsumer {
  constructor(
    private readonly applications: IngestApplicationsUseCase,
    private readonly creditReports: IngestCreditReportsUseCase,
  ) {}

  // Declared first: the reports of a fetch are validated and published before its applications (topics go in
  // declaration order, across all rounds of the fetch), so that features finds each report before the
  // application that follows it and does not park that application as if its report were late.
  @OnRawEventBatch(TOPICS.creditBureauReportReceived, { dedupe: 'handler' })
  onCreditReports(
    @Payload() items: BatchItem<RawKafkaMessage>[],
    @Ctx() ctx: KafkaBatchContext,
  ): Promise<void> {
    return this.creditReports.execute(items, ctx);
  }

  @OnRawEventBatch(TOPICS.loanApplicationSubmitted, { dedupe: 'handler' })
  onApplications(
    @Payload() items: BatchItem<RawKafkaMessage>[],
    @Ctx() ctx: KafkaBatchContext,
  ): Promise<void> {
    return this.applications.execute(items, ctx);
  }
}

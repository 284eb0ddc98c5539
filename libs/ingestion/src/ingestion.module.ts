import { Module } from '@nestjs/common';
import { IngestionMetrics } from './application/ingestion-metrics.js';
import { LoanApplicationsConsumer } from './application/loan-applications.consumer.js';
import { RecordLoanApplicationUseCase } from './application/record-loan-application.use-case.js';

@Module({
  controllers: [LoanApplicationsConsumer],
  providers: [RecordLoanApplicationUseCase, IngestionMetrics],
})
export class IngestionModule {}

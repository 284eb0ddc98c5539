import { Module, type DynamicModule, type InjectionToken } from '@nestjs/common';
import { DataQualityModule, type DataQualitySettings } from '@riskstream/data-quality';
import { IngestApplicationsUseCase } from './application/ingest-applications.use-case.js';
import { IngestCreditReportsUseCase } from './application/ingest-credit-reports.use-case.js';
import { IngestionMetrics } from './application/ingestion-metrics.js';
import { IntakeConsumer } from './application/intake.consumer.js';
import { RejectionRecorder } from './application/rejection.recorder.js';

@Module({})
export class IngestionModule {
  static forRootAsync(options: {
    inject: InjectionToken[];
    useFactory: (...deps: never[]) => DataQualitySettings;
  }): DynamicModule {
    return {
      module: IngestionModule,
      imports: [DataQualityModule.forRootAsync(options)],
      controllers: [IntakeConsumer],
      providers: [IngestApplicationsUseCase, IngestCreditReportsUseCase, RejectionRecorder, IngestionMetrics],
    };
  }
}

import { Module, type DynamicModule, type InjectionToken } from '@nestjs/common';
import { DATA_QUALITY_SETTINGS, type DataQualitySettings } from './application/data-quality.profile.js';
import { DataQualityReferenceWatcher } from './application/data-quality-reference.watcher.js';
import { DataQualityReference } from './application/data-quality.reference.js';
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
      controllers: [IntakeConsumer],
      providers: [
        { provide: DATA_QUALITY_SETTINGS, inject: options.inject, useFactory: options.useFactory },
        DataQualityReference,
        DataQualityReferenceWatcher,
        IngestApplicationsUseCase,
        IngestCreditReportsUseCase,
        RejectionRecorder,
        IngestionMetrics,
      ],
    };
  }
}

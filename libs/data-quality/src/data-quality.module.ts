import { Module, type DynamicModule, type InjectionToken } from '@nestjs/common';
import { DATA_QUALITY_SETTINGS, type DataQualitySettings } from './data-quality.settings.js';
import { DataQualityReferenceWatcher } from './data-quality-reference.watcher.js';
import { DataQualityReference } from './data-quality.reference.js';

/**
 * The training ranges of the production model, kept current (DataQualityReference, followed by
 * DataQualityReferenceWatcher), for the services that flag values outside them: ingestion and features.
 */
@Module({})
export class DataQualityModule {
  static forRootAsync(options: {
    inject: InjectionToken[];
    useFactory: (...deps: never[]) => DataQualitySettings;
  }): DynamicModule {
    return {
      module: DataQualityModule,
      providers: [
        { provide: DATA_QUALITY_SETTINGS, inject: options.inject, useFactory: options.useFactory },
        DataQualityReference,
        DataQualityReferenceWatcher,
      ],
      exports: [DataQualityReference],
    };
  }
}

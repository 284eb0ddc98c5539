import { Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';

export const DRIFT_STATUSES = ['STABLE', 'WARNING', 'DRIFT'] as const;
export type DriftStatus = (typeof DRIFT_STATUSES)[number];

export class FeatureDriftV1 {
  @IsString()
  feature!: string;

  @JSONSchema({ description: 'Population stability index against the bundle reference distribution.' })
  @IsNumber()
  @Min(0)
  psi!: number;

  @IsIn(DRIFT_STATUSES)
  status!: DriftStatus;
}

export class ObservedPerformanceV1 {
  @IsInt()
  @Min(0)
  labelledCount!: number;

  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  rocAuc?: number;

  @IsNumber()
  @Min(0)
  @Max(1)
  observedDefaultRate!: number;

  @IsNumber()
  @Min(0)
  @Max(1)
  expectedDefaultRate!: number;
}

/** Drift of inputs and scores of a model over a time window. Key: modelName. */
@JSONSchema({
  description: 'Feature and score drift report for one model over a window. Keyed by modelName.',
})
export class DriftReportV1 {
  @IsUUID()
  reportId!: string;

  @IsString()
  modelName!: string;

  @IsString()
  modelVersion!: string;

  @IsISO8601({ strict: true })
  windowStart!: string;

  @IsISO8601({ strict: true })
  windowEnd!: string;

  @IsInt()
  @Min(0)
  sampleSize!: number;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => FeatureDriftV1)
  features!: FeatureDriftV1[];

  @IsNumber()
  @Min(0)
  scorePsi!: number;

  @IsIn(DRIFT_STATUSES)
  status!: DriftStatus;

  @IsOptional()
  @ValidateNested()
  @Type(() => ObservedPerformanceV1)
  performance?: ObservedPerformanceV1;

  @IsISO8601({ strict: true })
  generatedAt!: string;
}

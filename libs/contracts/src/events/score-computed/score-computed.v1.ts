import { Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsISO8601,
  IsNumber,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { DECISIONS, type Decision } from '../../common/domain-enums.js';

/** One reason code: a feature's exact TreeSHAP contribution to the log-odds of default. */
export class ReasonCodeV1 {
  @IsString()
  feature!: string;

  @JSONSchema({ description: 'SHAP contribution in log-odds; positive raises the probability of default.' })
  @IsNumber()
  contribution!: number;

  @IsNumber()
  value!: number;
}

/** The score of one application by one model version. Key: applicationId. */
@JSONSchema({ description: 'Probability of default, band, decision and reasons. Keyed by applicationId.' })
export class ScoreComputedV1 {
  @IsUUID()
  applicationId!: string;

  @IsString()
  @Length(1, 64)
  customerId!: string;

  @IsString()
  modelName!: string;

  @IsString()
  modelVersion!: string;

  @IsString()
  featureSpecVersion!: string;

  @IsNumber()
  @Min(0)
  @Max(1)
  probabilityOfDefault!: number;

  @JSONSchema({ description: 'Risk band from the model bundle, e.g. A (lowest risk) to E.' })
  @IsString()
  riskBand!: string;

  @IsIn(DECISIONS)
  decision!: Decision;

  @JSONSchema({ description: 'Top contributions, largest absolute first.' })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ReasonCodeV1)
  reasonCodes!: ReasonCodeV1[];

  @IsISO8601({ strict: true })
  scoredAt!: string;
}

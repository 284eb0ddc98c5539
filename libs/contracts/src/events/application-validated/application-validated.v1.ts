import { Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsISO8601,
  IsNumber,
  IsString,
  IsUUID,
  Length,
  ValidateNested,
  IsDefined,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { LoanApplicationSubmittedV1 } from '../loan-application-submitted/loan-application-submitted.v1.js';

export const DATA_QUALITY_ISSUES = [
  'BELOW_REFERENCE_RANGE',
  'ABOVE_REFERENCE_RANGE',
  'UNSEEN_CATEGORY',
] as const;
export type DataQualityIssue = (typeof DATA_QUALITY_ISSUES)[number];

/** A value far outside what the production model was trained on: flagged, not rejected. */
export class DataQualityFlagV1 {
  @IsString()
  field!: string;

  @IsIn(DATA_QUALITY_ISSUES)
  issue!: DataQualityIssue;

  @IsNumber()
  value!: number;

  @JSONSchema({ description: 'The reference bound that was crossed (from the model bundle).' })
  @IsNumber()
  reference!: number;
}

/** A repair applied by a 'repair' rule, e.g. a missing employment length imputed and flagged. */
export class AppliedRepairV1 {
  @IsString()
  field!: string;

  @IsString()
  rule!: string;

  @IsString()
  message!: string;
}

/** An application that passed every validation rule. Key: applicationId. */
@JSONSchema({ description: 'An application that passed validation, with repairs and data-quality flags.' })
export class ApplicationValidatedV1 {
  @IsUUID()
  applicationId!: string;

  @IsString()
  @Length(1, 64)
  customerId!: string;

  @IsDefined()
  @ValidateNested()
  @Type(() => LoanApplicationSubmittedV1)
  application!: LoanApplicationSubmittedV1;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AppliedRepairV1)
  repairs!: AppliedRepairV1[];

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => DataQualityFlagV1)
  dataQualityFlags!: DataQualityFlagV1[];

  @JSONSchema({ description: 'Version of the shared validation rules applied.' })
  @IsString()
  rulesVersion!: string;

  @IsISO8601({ strict: true })
  validatedAt!: string;
}

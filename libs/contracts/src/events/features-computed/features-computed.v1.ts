import { Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  ValidateNested,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { IsFiniteNumberRecord } from '../../common/validators.js';
import { DataQualityFlagV1 } from '../application-validated/application-validated.v1.js';

export const BUREAU_JOIN_STATUSES = ['JOINED', 'MISSING_AFTER_GRACE'] as const;
export type BureauJoinStatus = (typeof BUREAU_JOIN_STATUSES)[number];

/** The feature vector of one application, computed with the shared feature spec. Key: applicationId. */
@JSONSchema({
  description: 'Feature vector of an application (shared feature spec). Keyed by applicationId.',
})
export class FeaturesComputedV1 {
  @IsUUID()
  applicationId!: string;

  @IsString()
  @Length(1, 64)
  customerId!: string;

  @JSONSchema({ description: 'Version of libs/feature-spec/spec/feature-spec.v*.json used.' })
  @IsString()
  featureSpecVersion!: string;

  @JSONSchema({
    description: 'Feature name → value, every feature of the spec.',
    additionalProperties: { type: 'number' },
  })
  @IsFiniteNumberRecord()
  features!: Record<string, number>;

  @JSONSchema({
    description: 'JOINED when a bureau report was found; MISSING_AFTER_GRACE when the grace period ran out.',
  })
  @IsIn(BUREAU_JOIN_STATUSES)
  bureauStatus!: BureauJoinStatus;

  @IsOptional()
  @IsString()
  bureauReportId?: string | null;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => DataQualityFlagV1)
  dataQualityFlags!: DataQualityFlagV1[];

  @IsISO8601({ strict: true })
  computedAt!: string;
}

import {
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import {
  CONTACT_CHANNELS,
  type ContactChannel,
} from '../collection-contact-outcome/collection-contact-outcome.v1.js';

export const COLLECTION_ACTIONS = [
  'NO_ACTION',
  'REMINDER',
  'AGENT_CALL',
  'PAYMENT_PLAN_OFFER',
  'HARDSHIP_REVIEW',
  'FIELD_VISIT',
  'LEGAL_REFERRAL',
] as const;
export type CollectionAction = (typeof COLLECTION_ACTIONS)[number];

/** The next best collection action for an account. Key: accountId. */
@JSONSchema({ description: 'Recommended collection action for an account. Keyed by accountId.' })
export class CollectionRecommendationV1 {
  @IsUUID()
  recommendationId!: string;

  @IsString()
  @Length(1, 64)
  accountId!: string;

  @IsString()
  @Length(1, 64)
  customerId!: string;

  @IsIn(COLLECTION_ACTIONS)
  action!: CollectionAction;

  @IsOptional()
  @IsIn(CONTACT_CHANNELS)
  channel?: ContactChannel;

  @JSONSchema({ description: '0 (lowest) to 100 (work first).' })
  @IsInt()
  @Min(0)
  @Max(100)
  priority!: number;

  @IsOptional()
  @IsNumber()
  @Min(0)
  expectedRecoveryAmount?: number;

  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  probabilityOfDefault?: number;

  @IsOptional()
  @IsString()
  modelVersion?: string;

  @JSONSchema({ description: 'Human-readable reasons for the action, most important first.' })
  @IsArray()
  @IsString({ each: true })
  rationale!: string[];

  @IsISO8601({ strict: true })
  recommendedAt!: string;

  @IsISO8601({ strict: true })
  validUntil!: string;
}

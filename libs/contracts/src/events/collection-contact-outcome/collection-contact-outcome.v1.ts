import { IsIn, IsISO8601, IsNumber, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';

export const CONTACT_CHANNELS = ['SMS', 'EMAIL', 'CALL', 'LETTER', 'FIELD_VISIT'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export const CONTACT_OUTCOMES = [
  'NO_ANSWER',
  'PROMISE_TO_PAY',
  'PAID',
  'REFUSED',
  'DISPUTE',
  'WRONG_CONTACT',
] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

/** What happened when the collection team contacted a customer. Key: accountId. */
@JSONSchema({ description: 'Outcome of a collection contact. Keyed by accountId.' })
export class CollectionContactOutcomeV1 {
  @IsUUID()
  contactId!: string;

  @IsString()
  @Length(1, 64)
  accountId!: string;

  @IsOptional()
  @IsUUID()
  recommendationId?: string;

  @IsIn(CONTACT_CHANNELS)
  channel!: ContactChannel;

  @IsIn(CONTACT_OUTCOMES)
  outcome!: ContactOutcome;

  @IsOptional()
  @IsNumber()
  @Min(0)
  promisedAmount?: number;

  @IsOptional()
  @IsISO8601({ strict: true })
  promisedDate?: string;

  @IsISO8601({ strict: true })
  contactedAt!: string;
}

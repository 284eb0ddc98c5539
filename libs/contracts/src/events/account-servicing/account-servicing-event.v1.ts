import { IsIn, IsInt, IsISO8601, IsNumber, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';

export const SERVICING_EVENT_TYPES = [
  'PAYMENT_RECEIVED',
  'PAYMENT_MISSED',
  'DELINQUENCY_STATUS_CHANGED',
] as const;
export type ServicingEventType = (typeof SERVICING_EVENT_TYPES)[number];

export const DELINQUENCY_BUCKETS = ['CURRENT', 'DPD_1_29', 'DPD_30_59', 'DPD_60_89', 'DPD_90_PLUS'] as const;
export type DelinquencyBucket = (typeof DELINQUENCY_BUCKETS)[number];

/** A payment or delinquency-status change on a loan account, from core banking. Key: accountId. */
@JSONSchema({ description: 'Payment / delinquency status of a loan account. Keyed by accountId.' })
export class AccountServicingEventV1 {
  @IsUUID()
  servicingEventId!: string;

  @IsString()
  @Length(1, 64)
  accountId!: string;

  @IsString()
  @Length(1, 64)
  customerId!: string;

  @IsOptional()
  @IsUUID()
  applicationId?: string;

  @IsIn(SERVICING_EVENT_TYPES)
  type!: ServicingEventType;

  @IsOptional()
  @IsNumber()
  @Min(0)
  amountPaid?: number;

  @IsOptional()
  @IsNumber()
  @Min(0)
  amountDue?: number;

  @IsNumber()
  @Min(0)
  outstandingBalance!: number;

  @IsInt()
  @Min(0)
  daysPastDue!: number;

  @IsIn(DELINQUENCY_BUCKETS)
  delinquencyBucket!: DelinquencyBucket;

  @IsISO8601({ strict: true })
  occurredAt!: string;
}

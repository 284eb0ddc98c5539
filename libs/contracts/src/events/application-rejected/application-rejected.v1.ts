import { Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Min,
  ValidateNested,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { IsJsonScalar, type JsonScalar } from '../../common/validators.js';

export const REJECTED_SUBJECTS = ['LOAN_APPLICATION', 'CREDIT_BUREAU_REPORT'] as const;
export type RejectedSubject = (typeof REJECTED_SUBJECTS)[number];

/** One machine-readable reason: which field broke which rule with which value. */
export class RejectionReasonV1 {
  @JSONSchema({
    description: 'Dotted path of the offending field, or "$" for the whole payload.',
    example: 'applicant.age',
  })
  @IsString()
  field!: string;

  @JSONSchema({
    description: 'Stable rule id, e.g. age.range, payload.not_json, schema.isInt.',
    example: 'age.range',
  })
  @IsString()
  rule!: string;

  @IsString()
  message!: string;

  @JSONSchema({ description: 'The offending value when it is a scalar; null otherwise.' })
  @IsOptional()
  @IsJsonScalar()
  value?: JsonScalar;
}

/**
 * The dead letter of intake: an application or bureau report that failed validation, with every reason and
 * the original payload, so that nothing submitted is ever silently dropped. Key: applicationId (or customerId
 * for bureau reports; the source event id when the payload could not be parsed).
 */
@JSONSchema({ description: 'An intake event that failed validation, with machine-readable reasons.' })
export class ApplicationRejectedV1 {
  @IsIn(REJECTED_SUBJECTS)
  subject!: RejectedSubject;

  @JSONSchema({ description: 'applicationId / reportId when it could be read, else null.' })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  subjectId?: string | null;

  @IsOptional()
  @IsString()
  customerId?: string | null;

  @IsString()
  sourceTopic!: string;

  @IsInt()
  @Min(0)
  sourcePartition!: number;

  @IsString()
  sourceOffset!: string;

  @IsString()
  sourceEventId!: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RejectionReasonV1)
  reasons!: RejectionReasonV1[];

  @JSONSchema({ description: 'The original payload, UTF-8 decoded (invalid bytes replaced), at most 1 MiB.' })
  @IsString()
  originalPayload!: string;

  @JSONSchema({
    description: 'Size of the original payload in bytes; larger than originalPayload when truncated.',
  })
  @IsInt()
  @Min(0)
  originalPayloadBytes!: number;

  @JSONSchema({ description: 'sha256 (hex) of the original payload bytes.' })
  @IsString()
  originalPayloadSha256!: string;

  @IsISO8601({ strict: true })
  rejectedAt!: string;
}

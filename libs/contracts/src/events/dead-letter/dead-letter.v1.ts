import { IsInt, IsISO8601, IsOptional, IsString, Min } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { IsStringRecord } from '../../common/validators.js';

/**
 * A message a consumer could not process after its bounded retries (or that failed permanently at once).
 * Carries the error and the original bytes, so it can be inspected and replayed. Key: the original key.
 */
@JSONSchema({ description: 'A message a consumer gave up on, with the error and the original payload.' })
export class DeadLetterV1 {
  @IsString()
  sourceTopic!: string;

  @IsInt()
  @Min(0)
  sourcePartition!: number;

  @IsString()
  sourceOffset!: string;

  @IsOptional()
  @IsString()
  sourceKey?: string | null;

  @IsString()
  consumerGroup!: string;

  @IsString()
  errorName!: string;

  @IsString()
  errorMessage!: string;

  @JSONSchema({
    description: 'PERMANENT (bad input: retrying cannot help) or TRANSIENT (retries exhausted).',
  })
  @IsString()
  errorKind!: 'PERMANENT' | 'TRANSIENT';

  @IsInt()
  @Min(1)
  attempts!: number;

  @JSONSchema({ description: 'The original Kafka headers, decoded as UTF-8.' })
  @IsStringRecord()
  headers!: Record<string, string>;

  @JSONSchema({ description: 'The original payload bytes, base64.' })
  @IsString()
  payloadBase64!: string;

  @IsISO8601({ strict: true })
  failedAt!: string;
}

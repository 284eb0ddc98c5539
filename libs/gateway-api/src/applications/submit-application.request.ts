import { IsOptional } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { LoanApplicationSubmittedV1 } from '@riskstream/contracts';

/**
 * The REST body: the Kafka contract, except that the gateway assigns `applicationId` and `submittedAt` when the
 * caller leaves them out. Callers that may retry should send their own applicationId: it is the idempotency key.
 */
@JSONSchema({ description: 'A loan application submitted over REST.' })
export class SubmitApplicationRequest extends LoanApplicationSubmittedV1 {
  @JSONSchema({ description: 'Idempotency key; generated when omitted.' })
  @IsOptional()
  override applicationId!: string;

  @JSONSchema({ description: 'Defaults to the time the gateway received the request.' })
  @IsOptional()
  override submittedAt!: string;
}

export interface SubmitApplicationResponse {
  applicationId: string;
  eventId: string;
  status: 'ACCEPTED';
  acceptedAt: string;
}

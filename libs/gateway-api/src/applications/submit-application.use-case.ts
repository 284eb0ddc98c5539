import { randomUUID } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { TOPICS, type LoanApplicationSubmittedV1 } from '@riskstream/contracts';
import { evaluateRules, toApplicationRecord } from '@riskstream/feature-spec';
import { EventPublisher } from '@riskstream/messaging';
import { DomainException, RequestValidationException } from '@riskstream/service-platform';
import { GatewayErrorCode } from './gateway-error-code.js';
import type { SubmitApplicationRequest, SubmitApplicationResponse } from './submit-application.request.js';

/**
 * Publishes a validated application. The 202 is sent only after every in-sync replica has the event (acks=all),
 * so an accepted application is never lost; if Kafka cannot take it the caller gets a 503 and may retry with
 * the same applicationId, which ingestion records once.
 */
@Injectable()
export class SubmitApplicationUseCase {
  constructor(private readonly publisher: EventPublisher) {}

  async execute(request: SubmitApplicationRequest): Promise<SubmitApplicationResponse> {
    const event: LoanApplicationSubmittedV1 = {
      ...request,
      applicationId: request.applicationId ?? randomUUID(),
      submittedAt: request.submittedAt ?? new Date().toISOString(),
      channel: request.channel ?? 'API',
    };
    // The same shared rules ingestion applies: a REST caller learns at once, with the rule and the value.
    const { violations } = evaluateRules(toApplicationRecord(event, null));
    if (violations.length > 0) throw new RequestValidationException(violations);
    try {
      const [published] = await this.publisher.publish(TOPICS.loanApplicationSubmitted, [event], {
        correlationId: event.applicationId,
      });
      return {
        applicationId: event.applicationId,
        eventId: published!.eventId,
        status: 'ACCEPTED',
        acceptedAt: new Date().toISOString(),
      };
    } catch (error) {
      throw new DomainException(
        GatewayErrorCode.EventBusUnavailable,
        `the application could not be handed to the event bus; retry with the same applicationId (${event.applicationId})`,
        HttpStatus.SERVICE_UNAVAILABLE,
        undefined,
        { cause: error },
      );
    }
  }
}

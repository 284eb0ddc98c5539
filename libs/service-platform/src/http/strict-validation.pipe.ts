import { IsUUID } from 'class-validator';
import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { validateEvent, type Violation } from '@riskstream/contracts';

export class RequestValidationException extends Error {
  constructor(readonly violations: Violation[]) {
    super(
      `${violations.length} invalid field${violations.length === 1 ? '' : 's'}: ` +
        violations.map((v) => `${v.field} (${v.message})`).join('; '),
    );
    this.name = 'RequestValidationException';
  }
}

/**
 * Validates request bodies with the same contract classes and the same flattening as the Kafka consumers, and
 * rejects unknown properties (a typo in a field name is an error, not silently dropped). Route parameters and
 * query strings taken as a whole into a class (`@Param() params: ApplicationIdParams`) are validated the same way;
 * a single parameter taken as a string is left to its handler.
 */
@Injectable()
export class StrictValidationPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const type = metadata.metatype;
    if (
      (metadata.type !== 'body' && metadata.type !== 'param' && metadata.type !== 'query') ||
      metadata.data !== undefined ||
      !type ||
      [String, Number, Boolean, Array, Object].includes(type as never)
    ) {
      return value;
    }
    const result = validateEvent(type as new () => object, value, { forbidUnknown: true });
    if (!result.ok) throw new RequestValidationException(result.violations);
    return result.value;
  }
}

/** The `:applicationId` route parameter: a UUID, as every event carries it. */
export class ApplicationIdParams {
  @IsUUID()
  applicationId!: string;
}

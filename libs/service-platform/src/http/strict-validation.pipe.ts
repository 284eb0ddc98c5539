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
 * rejects unknown properties (a typo in a field name is an error, not silently dropped).
 */
@Injectable()
export class StrictValidationPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const type = metadata.metatype;
    if (
      metadata.type !== 'body' ||
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

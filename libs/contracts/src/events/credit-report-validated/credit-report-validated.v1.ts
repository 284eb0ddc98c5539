import { Type } from 'class-transformer';
import { IsArray, IsOptional, ValidateNested } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { DataQualityFlagV1 } from '../application-validated/application-validated.v1.js';
import { CreditBureauReportReceivedV1 } from '../credit-bureau-report-received/credit-bureau-report-received.v1.js';

/**
 * A credit-bureau report that passed validation: the report as received, and its own values that lie outside the
 * production model's training ranges. Key: customerId.
 */
@JSONSchema({
  description:
    'A credit-bureau report that passed validation, with its data-quality flags. Keyed by customerId.',
})
export class CreditReportValidatedV1 extends CreditBureauReportReceivedV1 {
  // Optional: added in schema version 1.1; events of 1.0 have no flags.
  @JSONSchema({
    description:
      "The report's own values outside the production model's training range: flagged, not rejected (since 1.1).",
  })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => DataQualityFlagV1)
  dataQualityFlags?: DataQualityFlagV1[];
}

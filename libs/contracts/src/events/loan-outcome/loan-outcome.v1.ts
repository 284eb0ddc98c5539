import { IsBoolean, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';

/** Ground truth, weeks or months after the decision: did the loan default? Key: applicationId. */
@JSONSchema({
  description: 'Observed outcome of a loan (ground-truth default flag). Keyed by applicationId.',
})
export class LoanOutcomeV1 {
  @IsUUID()
  applicationId!: string;

  @IsOptional()
  @IsString()
  @Length(1, 64)
  accountId?: string;

  @IsString()
  @Length(1, 64)
  customerId!: string;

  @IsBoolean()
  defaulted!: boolean;

  @JSONSchema({ description: 'Length of the observation window the flag refers to.' })
  @IsInt()
  @Min(1)
  observationWindowDays!: number;

  @IsISO8601({ strict: true })
  observedAt!: string;
}

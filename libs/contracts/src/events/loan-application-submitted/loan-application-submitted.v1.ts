import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
  IsDefined,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import {
  APPLICATION_CHANNELS,
  HOME_OWNERSHIPS,
  LOAN_GRADES,
  LOAN_INTENTS,
  type ApplicationChannel,
  type HomeOwnership,
  type LoanGrade,
  type LoanIntent,
} from '../../common/domain-enums.js';

/**
 * Structural limits only (types, enums, physically possible ranges). The business rules that also reject
 * implausible but well-formed data (an age of 144, employment longer than a working life) live in the shared
 * validation rules applied by ingestion, so that the reason is reported as a rule, with its value.
 */
@JSONSchema({ description: 'The applicant as declared on the application.' })
export class ApplicantV1 {
  @JSONSchema({ description: 'Age in whole years.', example: 34 })
  @IsInt()
  @Min(0)
  @Max(150)
  age!: number;

  @JSONSchema({ description: 'Gross annual income in the loan currency.', example: 54000 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  annualIncome!: number;

  @IsIn(HOME_OWNERSHIPS)
  homeOwnership!: HomeOwnership;

  @JSONSchema({
    description: 'Years in current employment; null when not declared.',
    example: 4,
    type: ['number', 'null'],
  })
  @ValidateIf((_o, v) => v !== null)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(150)
  employmentLengthYears!: number | null;

  @JSONSchema({ description: 'Whether the applicant is currently employed (optional).' })
  @IsOptional()
  @IsBoolean()
  employed?: boolean;

  @JSONSchema({ description: 'Current bank balance (optional).' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  bankBalance?: number;
}

@JSONSchema({ description: 'The loan being requested.' })
export class LoanRequestV1 {
  @JSONSchema({ description: 'Requested principal.', example: 12000 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  amount!: number;

  @JSONSchema({ description: 'ISO-4217 currency code.', example: 'EUR' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO-4217 code such as EUR' })
  currency!: string;

  @IsIn(LOAN_INTENTS)
  intent!: LoanIntent;

  @JSONSchema({ description: 'Lender-assigned grade, A (best) to G.' })
  @IsIn(LOAN_GRADES)
  grade!: LoanGrade;

  @JSONSchema({
    description: 'Offered interest rate in percent; null when not priced yet.',
    example: 11.14,
    type: ['number', 'null'],
  })
  @ValidateIf((_o, v) => v !== null)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1000)
  interestRatePct!: number | null;
}

/** A loan application submitted by a core banking system or through the gateway. Key: applicationId. */
@JSONSchema({ description: 'A loan application as submitted. Keyed by applicationId.' })
export class LoanApplicationSubmittedV1 {
  @JSONSchema({ description: 'Unique application id (UUID), chosen by the submitter; idempotency key.' })
  @IsUUID()
  applicationId!: string;

  @JSONSchema({ description: "The bank's customer id; joins the application to credit-bureau reports." })
  @IsString()
  @Length(1, 64)
  customerId!: string;

  @IsISO8601({ strict: true })
  submittedAt!: string;

  @IsOptional()
  @IsIn(APPLICATION_CHANNELS)
  channel?: ApplicationChannel;

  @IsDefined()
  @ValidateNested()
  @Type(() => ApplicantV1)
  applicant!: ApplicantV1;

  @IsDefined()
  @ValidateNested()
  @Type(() => LoanRequestV1)
  loan!: LoanRequestV1;
}

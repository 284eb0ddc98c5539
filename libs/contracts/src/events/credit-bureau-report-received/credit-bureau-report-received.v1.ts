import { IsBoolean, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';

/** A credit-bureau report for a customer. Key: customerId (so all reports of a customer stay in order). */
@JSONSchema({ description: 'A credit-bureau report for a customer. Keyed by customerId.' })
export class CreditBureauReportReceivedV1 {
  @IsUUID()
  reportId!: string;

  @IsString()
  @Length(1, 64)
  customerId!: string;

  @JSONSchema({ description: 'Bureau that produced the report.', example: 'EXPERIAN' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  bureau?: string;

  @IsISO8601({ strict: true })
  reportedAt!: string;

  @JSONSchema({ description: 'A previous default is on file.' })
  @IsBoolean()
  priorDefaultOnFile!: boolean;

  @JSONSchema({ description: 'Length of the credit history in whole years.' })
  @IsInt()
  @Min(0)
  @Max(150)
  creditHistoryLengthYears!: number;
}

import type {
  CreditBureauReportReceivedV1,
  HomeOwnership,
  LoanApplicationSubmittedV1,
  LoanGrade,
  LoanIntent,
} from '@riskstream/contracts';

/**
 * The canonical, flat input of the feature spec and the validation rules: what Python's training pipeline reads
 * from a CSV row and what the services assemble from an application and its latest bureau report.
 */
export interface ApplicationRecord {
  age: number;
  annualIncome: number;
  homeOwnership: HomeOwnership | string;
  employmentLengthYears: number | null;
  loanAmount: number;
  loanIntent: LoanIntent | string;
  loanGrade: LoanGrade | string;
  interestRatePct: number | null;
  /** null: no bureau report. */
  priorDefaultOnFile: boolean | null;
  /** null: no bureau report. */
  creditHistoryLengthYears: number | null;
  employed: boolean | null;
  bankBalance: number | null;
}

export function toApplicationRecord(
  application: LoanApplicationSubmittedV1,
  bureau: Pick<CreditBureauReportReceivedV1, 'priorDefaultOnFile' | 'creditHistoryLengthYears'> | null,
): ApplicationRecord {
  return {
    age: application.applicant.age,
    annualIncome: application.applicant.annualIncome,
    homeOwnership: application.applicant.homeOwnership,
    employmentLengthYears: application.applicant.employmentLengthYears ?? null,
    loanAmount: application.loan.amount,
    loanIntent: application.loan.intent,
    loanGrade: application.loan.grade,
    interestRatePct: application.loan.interestRatePct ?? null,
    priorDefaultOnFile: bureau ? bureau.priorDefaultOnFile : null,
    creditHistoryLengthYears: bureau ? bureau.creditHistoryLengthYears : null,
    employed: application.applicant.employed ?? null,
    bankBalance: application.applicant.bankBalance ?? null,
  };
}

import type { Violation } from '@riskstream/contracts';

/** RFC 9457 problem details, the body of every error the REST API returns (`application/problem+json`). */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Machine-readable code of the failing module, e.g. APPLICATION_ALREADY_SUBMITTED. */
  code?: string;
  /** One entry per invalid field. */
  errors?: Violation[];
}

export const PROBLEM_JSON = 'application/problem+json';
export const PROBLEM_TYPE_BASE = 'https://riskstream.dev/problems/';

/** A module's own failure, carrying a stable code from that module's enum and an HTTP status. */
export class DomainException<TCode extends string = string> extends Error {
  constructor(
    readonly code: TCode,
    message: string,
    readonly status: number,
    readonly errors?: Violation[],
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'DomainException';
  }
}

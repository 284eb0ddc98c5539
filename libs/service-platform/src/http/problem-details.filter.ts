import { ArgumentsHost, Catch, HttpException, HttpStatus, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainException, PROBLEM_JSON, PROBLEM_TYPE_BASE, type ProblemDetails } from './problem-details.js';
import { RequestValidationException } from './strict-validation.pipe.js';

function kebab(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Turns every HTTP error into application/problem+json; unknown errors become an opaque 500. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly onUnexpected: (error: unknown, req: Request) => void = () => undefined) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const problem = this.toProblem(exception, req);
    res.status(problem.status).type(PROBLEM_JSON).send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown, req: Request): ProblemDetails {
    const instance = req.originalUrl;
    if (exception instanceof RequestValidationException) {
      return {
        type: `${PROBLEM_TYPE_BASE}validation-failed`,
        title: 'Request validation failed',
        status: HttpStatus.BAD_REQUEST,
        detail: exception.message,
        instance,
        code: 'VALIDATION_FAILED',
        errors: exception.violations,
      };
    }
    if (exception instanceof DomainException) {
      return {
        type: `${PROBLEM_TYPE_BASE}${kebab(exception.code)}`,
        title: exception.message,
        status: exception.status,
        instance,
        code: exception.code,
        errors: exception.errors,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const detail =
        typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? exception.message);
      return {
        type: `${PROBLEM_TYPE_BASE}${kebab(HttpStatus[status] ?? 'error')}`,
        title: HttpStatus[status]?.replace(/_/g, ' ').toLowerCase() ?? 'error',
        status,
        detail: Array.isArray(detail) ? detail.join('; ') : String(detail),
        instance,
      };
    }
    this.onUnexpected(exception, req);
    return {
      type: `${PROBLEM_TYPE_BASE}internal-error`,
      title: 'Internal error',
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      detail: 'The request could not be completed; it has been logged.',
      instance,
    };
  }
}

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
import type { HttpLoggingOptions } from './logging.constants.js';

export const REQUEST_ID_HEADER = 'x-request-id';
const DEFAULT_IGNORED_PATHS = ['/health', '/metrics'];
// Caller-supplied ids end up in every log line: accept only short, plain tokens.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function requestId(request: IncomingMessage, response: ServerResponse): string {
  const header = request.headers[REQUEST_ID_HEADER];
  const incoming = Array.isArray(header) ? header[0] : header;
  const id = incoming !== undefined && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  response.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

// Express rewrites `url` relative to the middleware mount point; `originalUrl` keeps the full path.
function pathOf(request: IncomingMessage & { originalUrl?: string }): string {
  return (request.originalUrl ?? request.url ?? '').split('?', 1)[0] ?? '';
}

/**
 * pino-http logger writing one line per finished request (`req`, `res`, `responseTime`) with a request id
 * taken from `x-request-id` or generated (and echoed back). Redaction is inherited from `logger`.
 */
export function createHttpLogger(logger: Logger, options: HttpLoggingOptions = {}): HttpLogger {
  const ignored = options.ignorePaths ?? DEFAULT_IGNORED_PATHS;
  return pinoHttp({
    logger,
    genReqId: requestId,
    autoLogging: {
      ignore: (request) => {
        const path = pathOf(request);
        return ignored.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
      },
    },
    customLogLevel: (_request, response, error) => {
      if (error || response.statusCode >= 500) return 'error';
      if (response.statusCode >= 400) return 'warn';
      return 'info';
    },
  });
}

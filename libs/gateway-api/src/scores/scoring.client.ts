import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { OnApplicationShutdown } from '@nestjs/common';
import { ScoreComputedV1, validateEvent } from '@riskstream/contracts';

/** The scoring service could not be asked (connection refused, timeout, 5xx): worth retrying. */
export class ScoringUnavailableError extends Error {
  override readonly name = 'ScoringUnavailableError';
}

/** Something answered, but not the way the scoring service answers (wrong URL, incompatible version). */
export class ScoringProtocolError extends Error {
  override readonly name = 'ScoringProtocolError';
}

export interface ScoringClientSettings {
  /** The scoring service's base URL, e.g. http://scoring:3003. */
  url: string;
  timeoutMs: number;
}

export const SCORING_CLIENT_SETTINGS = Symbol('SCORING_CLIENT_SETTINGS');

/**
 * The scoring service's read API (GET /v1/scores/{applicationId}). Its answers are checked against the
 * `risk.score.computed.v1` contract before they are passed on: a product team never gets a half-formed score.
 */
export class ScoringClient implements OnApplicationShutdown {
  private readonly baseUrl: string;
  private readonly https: boolean;
  /**
   * Kept-alive connections: node:http rather than fetch, whose WHATWG request and response objects cost the
   * gateway ~15 % of its CPU per lookup (docs/benchmarks.md, gateway).
   */
  private readonly agent: HttpAgent;

  constructor(private readonly settings: ScoringClientSettings) {
    this.baseUrl = settings.url.replace(/\/+$/, '');
    this.https = this.baseUrl.startsWith('https:');
    this.agent = this.https
      ? new HttpsAgent({ keepAlive: true, maxSockets: 64 })
      : new HttpAgent({ keepAlive: true, maxSockets: 64 });
  }

  /** The stored score, or null when scoring has none for this application (its own SCORE_NOT_FOUND). */
  async score(applicationId: string): Promise<ScoreComputedV1 | null> {
    let res: { status: number; text: string };
    let body: unknown;
    try {
      res = await this.get(`/v1/scores/${encodeURIComponent(applicationId)}`);
    } catch (error) {
      const code = (error as { code?: string }).code;
      const why =
        (error as Error).name === 'TimeoutError'
          ? `no answer within ${this.settings.timeoutMs} ms`
          : (code ?? (error as Error).message);
      throw new ScoringUnavailableError(`scoring service ${this.baseUrl} unreachable (${why})`, {
        cause: error,
      });
    }
    try {
      body = JSON.parse(res.text) as unknown;
    } catch {
      body = undefined;
      if (res.status === 200 || res.status === 404)
        throw new ScoringProtocolError(
          `${this.baseUrl} answered ${res.status} with a body that is not JSON: ${res.text.slice(0, 200)}`,
        );
    }
    if (res.status === 404) {
      if (isObject(body) && body['code'] === 'SCORE_NOT_FOUND') return null;
      throw new ScoringProtocolError(
        `${this.baseUrl} answered 404 without the scoring service's SCORE_NOT_FOUND problem: is SCORING_URL the scoring service?`,
      );
    }
    if (res.status >= 500 || res.status === 429 || res.status === 408)
      throw new ScoringUnavailableError(`scoring service ${this.baseUrl} answered ${res.status}`);
    if (res.status !== 200)
      throw new ScoringProtocolError(
        `${this.baseUrl} answered ${res.status} for application ${applicationId}`,
      );
    const result = validateEvent(ScoreComputedV1, body);
    if (!result.ok)
      throw new ScoringProtocolError(
        `the score of application ${applicationId} from ${this.baseUrl} breaks the contract: ` +
          result.violations.map((v) => `${v.field} (${v.message})`).join('; '),
      );
    if (result.value.applicationId !== applicationId)
      throw new ScoringProtocolError(
        `asked ${this.baseUrl} for application ${applicationId}, it answered with ${result.value.applicationId}`,
      );
    return result.value;
  }

  /** Closes the kept-alive connections (Nest calls it on shutdown). */
  onApplicationShutdown(): void {
    this.agent.destroy();
  }

  /** One GET, its status and body; rejects on a connection error or after timeoutMs (name TimeoutError). */
  private get(path: string): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const request = this.https ? httpsRequest : httpRequest;
      const req = request(
        `${this.baseUrl}${path}`,
        { agent: this.agent, headers: { accept: 'application/json' } },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            clearTimeout(timer);
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
          });
          res.on('error', (error) => {
            clearTimeout(timer);
            reject(error);
          });
        },
      );
      const timer = setTimeout(() => {
        const error = new Error(`no answer within ${this.settings.timeoutMs} ms`);
        error.name = 'TimeoutError';
        req.destroy(error);
      }, this.settings.timeoutMs);
      req.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      req.end();
    });
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

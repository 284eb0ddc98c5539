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
export class ScoringClient {
  private readonly baseUrl: string;

  constructor(private readonly settings: ScoringClientSettings) {
    this.baseUrl = settings.url.replace(/\/+$/, '');
  }

  /** The stored score, or null when scoring has none for this application (its own SCORE_NOT_FOUND). */
  async score(applicationId: string): Promise<ScoreComputedV1 | null> {
    const url = `${this.baseUrl}/v1/scores/${encodeURIComponent(applicationId)}`;
    let res: Response;
    let body: unknown;
    try {
      res = await fetch(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
      const text = await res.text();
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        body = undefined;
        if (res.status === 200 || res.status === 404)
          throw new ScoringProtocolError(
            `${this.baseUrl} answered ${res.status} with a body that is not JSON: ${text.slice(0, 200)}`,
          );
      }
    } catch (error) {
      if (error instanceof ScoringProtocolError) throw error;
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why =
        (error as Error).name === 'TimeoutError'
          ? `no answer within ${this.settings.timeoutMs} ms`
          : (cause?.code ?? cause?.message ?? (error as Error).message);
      throw new ScoringUnavailableError(`scoring service ${this.baseUrl} unreachable (${why})`, {
        cause: error,
      });
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
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

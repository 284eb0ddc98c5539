/** Stable codes of the scoring service's own failures (the `code` of its problem+json bodies). */
export enum ScoringErrorCode {
  /** 404: no prediction is stored for this application (not scored yet, rejected upstream, or unknown). */
  ScoreNotFound = 'SCORE_NOT_FOUND',
}

/** Stable codes of the gateway's own failures (the `code` of its problem+json bodies). */
export enum GatewayErrorCode {
  /** 503: Kafka could not take the application; retry with the same applicationId. */
  EventBusUnavailable = 'EVENT_BUS_UNAVAILABLE',
  /** 404: no score is stored for the application (yet). */
  ScoreNotFound = 'SCORE_NOT_FOUND',
  /** 503: the scoring service cannot be reached or is failing; retry later. */
  ScoringUnavailable = 'SCORING_UNAVAILABLE',
  /** 502: the scoring service answered with something that is not a score (misconfiguration, version skew). */
  ScoringBadAnswer = 'SCORING_BAD_ANSWER',
}

/** Stable codes of the gateway's own failures (the `code` of its problem+json bodies). */
export enum GatewayErrorCode {
  EventBusUnavailable = 'EVENT_BUS_UNAVAILABLE',
}

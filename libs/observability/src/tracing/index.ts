// Loaded via `node --import` before the app: keep this entry point free of Nest and other heavy imports.
export { shutdownTracing, startTracing, type TracingHandle, type TracingOptions } from './start-tracing.js';
export {
  extractTraceContext,
  injectTraceHeaders,
  withConsumerSpan,
  type MessageHeaderValue,
  type MessageHeaders,
} from './trace-propagation.js';

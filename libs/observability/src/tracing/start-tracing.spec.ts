import { trace } from '@opentelemetry/api';
import { shutdownTracing, startTracing } from './start-tracing.js';

describe('startTracing', () => {
  afterEach(async () => {
    await shutdownTracing();
    vi.unstubAllEnvs();
  });

  it('records spans without an exporter so trace ids exist, and is idempotent', () => {
    vi.stubEnv('OTEL_TRACES_EXPORTER', '');
    vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', '');
    const handle = startTracing({ serviceName: 'tracing-test', registerEsmHook: false });
    expect(handle.enabled).toBe(true);
    expect(startTracing({ serviceName: 'other', registerEsmHook: false })).toBe(handle);

    const span = trace.getTracer('test').startSpan('work');
    expect(span.isRecording()).toBe(true);
    expect(span.spanContext().traceId).not.toBe('0'.repeat(32));
    span.end();
  });

  it('can be started again after shutdown', async () => {
    const first = startTracing({ serviceName: 'tracing-test', registerEsmHook: false });
    await first.shutdown();
    await first.shutdown();
    const second = startTracing({ serviceName: 'tracing-test', registerEsmHook: false });
    expect(second).not.toBe(first);
    expect(trace.getTracer('test').startSpan('again').isRecording()).toBe(true);
  });

  it('does nothing when OTEL_SDK_DISABLED=true', () => {
    vi.stubEnv('OTEL_SDK_DISABLED', 'true');
    const handle = startTracing({ serviceName: 'tracing-test', registerEsmHook: false });
    expect(handle.enabled).toBe(false);
    expect(trace.getTracer('test').startSpan('noop').isRecording()).toBe(false);
  });
});

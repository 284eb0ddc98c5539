import { createRequire } from 'node:module';
import { InstrumentationBase, InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import { crc32c, fixKafkaJsCrc32c } from './crc32c.fix.js';
import { fixKafkaJsDecoder } from './decoder.fix.js';
import { fixKafkaJsEncoder } from './encoder.fix.js';
import { fixKafkaJsGroupMessages } from './group-messages.fix.js';

const require = createRequire(import.meta.url);
const RECORD = 'kafkajs/src/protocol/recordBatch/record/v0/index.js';

/** Any OpenTelemetry instrumentation installs the require-in-the-middle hook a traced service runs with. */
class ProbeInstrumentation extends InstrumentationBase {
  constructor() {
    super('riskstream-encoder-fix-probe', '1.0.0', {});
  }
  protected init() {
    return [new InstrumentationNodeModuleDefinition('riskstream-no-such-module', ['*'])];
  }
}

/**
 * With the hook installed: a module kafkajs loads (`path`) is required once, so the hook caches what it exported,
 * then the fix is installed; from then on require() must return what the fix installed.
 */
function expectSwapUnderHook(path: string, install: () => boolean): void {
  const probe = new ProbeInstrumentation();
  try {
    const published: unknown = require(path);
    expect(install()).toBe(true);
    const installed: unknown = require.cache[require.resolve(path)]!.exports;
    expect(installed).not.toBe(published);
    // kafkajs's own modules load it with this same (hooked) require().
    expect(require(path)).toBe(installed);
  } finally {
    probe.disable();
  }
}

// Its own spec file: the hook patches Module.prototype.require for the whole process.
describe('the kafkajs fixes under OpenTelemetry require hooks', () => {
  it('reach kafkajs although the hook cached the published modules', () => {
    expectSwapUnderHook(RECORD, fixKafkaJsEncoder);
    expectSwapUnderHook('kafkajs/src/protocol/recordBatch/record/v0/decoder.js', fixKafkaJsDecoder);
    expectSwapUnderHook('kafkajs/src/protocol/recordBatch/crc32C/index.js', fixKafkaJsCrc32c);
    expectSwapUnderHook('kafkajs/src/producer/groupMessagesPerPartition.js', fixKafkaJsGroupMessages);
    expect(require('kafkajs/src/protocol/recordBatch/crc32C/index.js')).toBe(crc32c);
  });
});

import { createRequire } from 'node:module';
import { InstrumentationBase, InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import { crc32c, fixKafkaJsCrc32c } from './crc32c.fix.js';
import { fixKafkaJsDecoder } from './decoder.fix.js';
import { fixKafkaJsEncoder } from './encoder.fix.js';

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

// Its own spec file: the hook patches Module.prototype.require for the whole process.
describe('the kafkajs fixes under OpenTelemetry require hooks', () => {
  it('is what require() returns to kafkajs afterwards, although the hook cached the published encoder', () => {
    const probe = new ProbeInstrumentation();
    try {
      const published: unknown = require(RECORD);
      expect(fixKafkaJsEncoder()).toBe(true);
      const installed: unknown = require.cache[require.resolve(RECORD)]!.exports;
      expect(installed).not.toBe(published);
      // kafkajs's produce request loads the record encoder with this same (hooked) require().
      expect(require(RECORD)).toBe(installed);
    } finally {
      probe.disable();
    }
  });

  it('also reaches kafkajs with the record decoder', () => {
    const probe = new ProbeInstrumentation();
    try {
      const path = 'kafkajs/src/protocol/recordBatch/record/v0/decoder.js';
      const published: unknown = require(path);
      expect(fixKafkaJsDecoder()).toBe(true);
      expect(require(path)).not.toBe(published);
      expect(require(path)).toBe(require.cache[require.resolve(path)]!.exports);
    } finally {
      probe.disable();
    }
  });

  it('also reaches kafkajs with the checksum', () => {
    const probe = new ProbeInstrumentation();
    try {
      const path = 'kafkajs/src/protocol/recordBatch/crc32C/index.js';
      expect(require(path)).not.toBe(crc32c);
      expect(fixKafkaJsCrc32c()).toBe(true);
      expect(require(path)).toBe(crc32c);
    } finally {
      probe.disable();
    }
  });
});

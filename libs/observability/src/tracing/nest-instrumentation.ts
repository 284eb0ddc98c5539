import { InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';

// The released instrumentation (0.71.0, latest) gates on '@nestjs/core <12', so it silently skips Nest 12.
// Upstream widened the gate to '<13' (open-telemetry/opentelemetry-js-contrib#3733): the patched internals
// (nest-factory.js, router/router-execution-context.js) are unchanged in Nest 12 and, for ESM apps, reached
// through the loader hook. Remove this subclass once a release includes that change.
const SUPPORTED_NEST_VERSIONS = ['>=4.0.0 <13'];

/** NestInstrumentation with the version gate widened to Nest 12. */
export class Nest12Instrumentation extends NestInstrumentation {
  override init(): InstrumentationNodeModuleDefinition {
    const definition = new InstrumentationNodeModuleDefinition(
      NestInstrumentation.COMPONENT,
      SUPPORTED_NEST_VERSIONS,
    );
    definition.files.push(
      this.getNestFactoryFileInstrumentation(SUPPORTED_NEST_VERSIONS),
      this.getRouterExecutionContextFileInstrumentation(SUPPORTED_NEST_VERSIONS),
    );
    return definition;
  }
}

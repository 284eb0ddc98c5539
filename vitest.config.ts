import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// SWC (not esbuild) compiles the tests because NestJS dependency injection and TypeORM need
// emitDecoratorMetadata, which esbuild does not implement.
const swcPlugin = () =>
  swc.vite({
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2023',
    },
    module: { type: 'es6' },
  });

const resolve = { conditions: ['@riskstream/source'] };

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [swcPlugin()],
        resolve,
        ssr: { resolve: { conditions: ['@riskstream/source'] } },
        test: {
          name: 'unit',
          globals: true,
          environment: 'node',
          include: [
            '{apps,libs}/**/src/**/*.spec.ts',
            'tools/testing/**/*.spec.ts',
            'tools/bench/**/*.spec.mjs',
          ],
          exclude: ['**/*.integration.spec.ts', 'apps/*-e2e/**', '**/node_modules/**', '**/dist/**'],
          setupFiles: ['tools/testing/vitest-setup.ts'],
        },
      },
      {
        plugins: [swcPlugin()],
        resolve,
        ssr: { resolve: { conditions: ['@riskstream/source'] } },
        test: {
          name: 'integration',
          globals: true,
          environment: 'node',
          include: [
            '{apps,libs}/**/src/**/*.integration.spec.ts',
            'apps/*-e2e/src/**/*.spec.ts',
            'tools/testing/**/*.integration.spec.ts',
          ],
          exclude: ['**/node_modules/**', '**/dist/**'],
          setupFiles: ['tools/testing/vitest-setup.ts', 'tools/testing/integration-setup.ts'],
          globalSetup: ['tools/testing/integration-global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

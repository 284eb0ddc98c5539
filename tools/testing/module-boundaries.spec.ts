import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { ESLint } from 'eslint';

const ROOT = resolve(import.meta.dirname, '../..');

/** Proves the Nx tags really constrain imports (a misconfigured rule would silently allow everything). */
describe('module boundaries', () => {
  let eslint: ESLint;

  beforeAll(() => {
    // The rule reads Nx's cached project graph; make sure it exists.
    execFileSync(process.execPath, [resolve(ROOT, 'node_modules/nx/dist/bin/nx.js'), 'show', 'projects'], {
      cwd: ROOT,
      env: { ...process.env, NX_DAEMON: 'false' },
      stdio: 'ignore',
    });
    eslint = new ESLint({ cwd: ROOT });
  }, 120_000);

  const lint = async (file: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, file) });
    return result!.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
  };

  it('forbids contracts from depending on infrastructure', async () => {
    const errors = await lint(
      'libs/contracts/src/boundary-probe.ts',
      "import { MetricsRegistry } from '@riskstream/observability';\nexport const x = MetricsRegistry;\n",
    );
    expect(errors.join('\n')).toMatch(/type:contracts/);
  });

  it("forbids one service's libs from importing another service's", async () => {
    const errors = await lint(
      'libs/gateway-api/src/boundary-probe.ts',
      "import { IngestionModule } from '@riskstream/ingestion';\nexport const x = IngestionModule;\n",
    );
    expect(errors.join('\n')).toMatch(/scope:gateway/);
  });

  it('allows a feature lib to use shared infrastructure', async () => {
    const errors = await lint(
      'libs/ingestion/src/boundary-probe.ts',
      "import { EventPublisher } from '@riskstream/messaging';\nexport const x = EventPublisher;\n",
    );
    expect(errors).toEqual([]);
  });
}, 120_000);

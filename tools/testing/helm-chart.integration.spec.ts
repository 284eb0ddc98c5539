import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

// The chart as Kubernetes would receive it: rendered by the real Helm (tools/bootstrap/helm.sh) and parsed strictly.
const ROOT = resolve(import.meta.dirname, '../..');
const CHART = resolve(ROOT, 'helm/riskstream');
// Every app of the monorepo is a service the chart deploys (the e2e suites are not apps to run).
const SERVICES = readdirSync(resolve(ROOT, 'apps')).filter((d) => !d.endsWith('-e2e'));

interface Manifest {
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
}
interface Container {
  command: string[];
  env: { name: string; value?: string }[];
  resources: { requests?: Record<string, string>; limits?: Record<string, string> };
}
interface DeploymentSpec {
  selector: { matchLabels: Record<string, string> };
  template: { metadata: { labels: Record<string, string> }; spec: { containers: Container[] } };
}

let helm = '';

function render(...set: string[]): Manifest[] {
  const out = execFileSync(
    helm,
    [
      'template',
      'rs',
      CHART,
      '--kube-version',
      '1.31.0',
      '--set',
      'database.url=postgres://u:p@db:5432/riskstream',
      ...set.flatMap((s) => ['--set', s]),
    ],
    { encoding: 'utf8' },
  );
  return parseAllDocuments(out).flatMap((doc) => {
    // Duplicate keys and other YAML errors: the API server would reject the manifest.
    if (doc.errors.length) throw new Error(doc.errors.map((e) => e.message).join('\n'));
    const value = doc.toJS() as Manifest | null;
    return value ? [value] : [];
  });
}

const deployments = (manifests: Manifest[]) =>
  new Map(
    manifests
      .filter((m) => m.kind === 'Deployment')
      .map((m) => [m.metadata.labels?.['app.kubernetes.io/name'] ?? '', m.spec as unknown as DeploymentSpec]),
  );
const container = (d: DeploymentSpec | undefined) => d!.template.spec.containers[0]!;

beforeAll(() => {
  helm = execFileSync('bash', [resolve(ROOT, 'tools/bootstrap/helm.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 900_000,
  }).trim();
}, 900_000);

describe('helm chart', () => {
  it('passes helm lint --strict', () => {
    const out = execFileSync(helm, ['lint', '--strict', CHART, '--set', 'database.url=postgres://u:p@db/x'], {
      encoding: 'utf8',
    });
    expect(out).toContain('0 chart(s) failed');
  });

  it('renders valid YAML with one Deployment, Service and PodDisruptionBudget per service', () => {
    const manifests = render();
    for (const kind of ['Deployment', 'Service', 'PodDisruptionBudget']) {
      const names = manifests
        .filter((m) => m.kind === kind)
        .map((m) => m.metadata.labels?.['app.kubernetes.io/name']);
      expect(names.sort()).toEqual([...SERVICES].sort());
    }
  });

  it("selects each service's pods by labels the pods carry", () => {
    const manifests = render();
    for (const [name, d] of deployments(manifests)) {
      expect(d.template.metadata.labels).toMatchObject(d.selector.matchLabels);
      const service = manifests.find(
        (m) => m.kind === 'Service' && m.metadata.labels?.['app.kubernetes.io/name'] === name,
      );
      expect(d.template.metadata.labels).toMatchObject(
        (service!.spec as { selector: Record<string, string> }).selector,
      );
    }
  });

  it("starts every service with the chart's node options, then the same command as the local stack", () => {
    for (const [name, d] of deployments(render())) {
      expect(container(d).command).toEqual([
        'node',
        '--max-semi-space-size=32',
        '--enable-source-maps',
        '--import',
        `./apps/${name}/dist/instrumentation.js`,
        `./apps/${name}/dist/main.js`,
      ]);
    }
  });

  it("lets one service's nodeOptions replace the list, and an empty list remove it", () => {
    // `--set x={}` gives [""]: an empty entry is no option.
    const d = deployments(
      render('services.scoring.nodeOptions={--max-old-space-size=700}', 'services.gateway.nodeOptions={}'),
    );
    expect(container(d.get('scoring')).command.slice(0, 3)).toEqual([
      'node',
      '--max-old-space-size=700',
      '--enable-source-maps',
    ]);
    expect(container(d.get('gateway')).command.slice(0, 2)).toEqual(['node', '--enable-source-maps']);
    expect(container(d.get('features')).command[1]).toBe('--max-semi-space-size=32');
  });

  it('gives the pipeline services the memory measured for a backlog and the others the default', () => {
    for (const [name, d] of deployments(render())) {
      const { resources } = container(d);
      const pipeline = ['ingestion', 'features', 'scoring'].includes(name);
      expect([name, resources.limits?.memory]).toEqual([name, pipeline ? '1Gi' : '512Mi']);
      expect([name, resources.requests?.memory]).toEqual([name, pipeline ? '384Mi' : '192Mi']);
    }
  });

  it('points the gateway at the scoring Service for score queries, unless the values say otherwise', () => {
    const env = (d: DeploymentSpec | undefined) =>
      Object.fromEntries(container(d).env.map((e) => [e.name, e.value]));
    const manifests = render();
    const scoringService = manifests.find(
      (m) => m.kind === 'Service' && m.metadata.labels?.['app.kubernetes.io/name'] === 'scoring',
    )!;
    const port = (scoringService.spec as { ports: { port: number }[] }).ports[0]!.port;
    expect(env(deployments(manifests).get('gateway'))['SCORING_URL']).toBe(
      `http://${scoringService.metadata.name}:${port}`,
    );
    expect(env(deployments(manifests).get('ingestion'))).not.toHaveProperty('SCORING_URL');
    const custom = deployments(render('services.gateway.env.SCORING_URL=https://scoring.example:8443'));
    expect(container(custom.get('gateway')).env.filter((e) => e.name === 'SCORING_URL')).toEqual([
      { name: 'SCORING_URL', value: 'https://scoring.example:8443' },
    ]);
  });

  it('points scoring, ingestion and features at the model registry Service, unless the values say otherwise', () => {
    const env = (d: DeploymentSpec | undefined) =>
      Object.fromEntries(container(d).env.map((e) => [e.name, e.value]));
    const manifests = render();
    const registryService = manifests.find(
      (m) => m.kind === 'Service' && m.metadata.labels?.['app.kubernetes.io/name'] === 'model-registry',
    )!;
    const port = (registryService.spec as { ports: { port: number }[] }).ports[0]!.port;
    const url = `http://${registryService.metadata.name}:${port}`;
    const all = deployments(manifests);
    // Without it they would look for a registry on their own pod (the local default, 127.0.0.1:3006).
    for (const name of ['scoring', 'ingestion', 'features'])
      expect(env(all.get(name))['MODEL_REGISTRY_URL'], name).toBe(url);
    expect(env(all.get('gateway'))).not.toHaveProperty('MODEL_REGISTRY_URL');
    const custom = deployments(render('services.features.env.MODEL_REGISTRY_URL=off'));
    expect(container(custom.get('features')).env.filter((e) => e.name === 'MODEL_REGISTRY_URL')).toEqual([
      { name: 'MODEL_REGISTRY_URL', value: 'off' },
    ]);
  });

  it("gives every service the database settings of the values in the release's ConfigMap", () => {
    const settings = (manifests: Manifest[]) => {
      const env = manifests.find(
        (m) => m.kind === 'ConfigMap' && m.metadata.name.endsWith('-riskstream-env'),
      );
      const data = (env as unknown as { data: Record<string, string> }).data;
      return { pool: data['DATABASE_POOL_SIZE'], statements: data['DATABASE_STATEMENT_CACHE_SIZE'] };
    };
    expect(settings(render())).toEqual({ pool: '10', statements: '100' });
    // 0: no prepared statements, for a pooler in transaction mode that cannot carry them.
    expect(settings(render('database.poolSize=4', 'database.statementCacheSize=0'))).toEqual({
      pool: '4',
      statements: '0',
    });
  });

  it('leaves out a disabled service', () => {
    const manifests = render('services.strategy.enabled=false');
    expect(manifests.filter((m) => m.metadata.labels?.['app.kubernetes.io/name'] === 'strategy')).toEqual([]);
    expect(deployments(manifests).size).toBe(SERVICES.length - 1);
  });
});

// The model registry for risk analysts, over its REST API (docs/model-registry.openapi.yaml). Run: npm run model -- <command>
//
//   register --bundle <dir> [--actor <who>]                         verify (server side) and register a bundle
//   promote  --model <name> --version <v> --reason <why> [--actor <who>]   make a version the production one
//   rollback --model <name> --reason <why> [--actor <who>]          back to the previous production version
//   list     --model <name>                                         versions, newest first
//   production --model <name>                                       the version scoring serves
//   history  --model <name>                                         the audit trail
//
// Options: --registry <url> (default $MODEL_REGISTRY_URL or http://127.0.0.1:3006), --json (raw JSON output).
// --actor defaults to $USER. Exit codes: 0 done, 1 refused by the registry or unreachable, 2 usage error.
import { readdir, readFile, stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const USAGE = `usage: npm run model -- <command> [options]

  register   --bundle <dir> [--actor <who>]
  promote    --model <name> --version <version> --reason <why> [--actor <who>]
  rollback   --model <name> --reason <why> [--actor <who>]
  list       --model <name>
  production --model <name>
  history    --model <name>

  --registry <url>   the model registry (default $MODEL_REGISTRY_URL or http://127.0.0.1:3006)
  --json             print the registry's JSON answer as is`;

class UsageError extends Error {}

function defaultActor() {
  try {
    return process.env.USER || userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

const { positionals, values: opts } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        bundle: { type: 'string' },
        model: { type: 'string' },
        version: { type: 'string' },
        reason: { type: 'string' },
        actor: { type: 'string' },
        registry: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
})();

const registry = (opts.registry || process.env.MODEL_REGISTRY_URL || 'http://127.0.0.1:3006').replace(
  /\/+$/,
  '',
);
const actor = opts.actor || defaultActor();
const need = (name) => {
  const value = opts[name];
  if (!value || !String(value).trim()) throw new UsageError(`--${name} is required`);
  return String(value);
};
const seg = (value) => encodeURIComponent(value);

async function call(method, path, body) {
  const init = { method, headers: { accept: 'application/json' } };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(`${registry}${path}`, init);
  } catch (error) {
    const why = error.cause?.code ?? error.cause?.message ?? error.message;
    throw new Error(
      `the model registry is unreachable at ${registry} (${why}). Is it running (npm run up)? ` +
        'Point --registry or MODEL_REGISTRY_URL at it.',
    );
  }
  const text = await res.text();
  let data;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = text;
  }
  if (!res.ok) {
    const problem = typeof data === 'object' && data ? data : { title: String(data ?? '') };
    const lines = [`${res.status} ${problem.code ?? ''} ${problem.title ?? ''}`.replace(/\s+/g, ' ').trim()];
    if (problem.detail && problem.detail !== problem.title) lines.push(`  ${problem.detail}`);
    for (const e of problem.errors ?? [])
      if (e.message !== problem.title) lines.push(`  - ${e.field}: ${e.message} [${e.rule}]`);
    const error = new Error(lines.join('\n'));
    error.status = res.status;
    throw error;
  }
  return { status: res.status, data };
}

/** Every file under dir, relative paths with '/', bundle.sha256 last (the training pipeline's order). */
async function bundleFiles(dir, prefix = '') {
  const out = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await bundleFiles(dir, rel)));
    else if (entry.isFile()) out.push(rel);
    else throw new Error(`${join(dir, rel)} is not a regular file (bundles hold regular files only)`);
  }
  return out.sort(
    (a, b) => (a === 'bundle.sha256') - (b === 'bundle.sha256') || (a < b ? -1 : a > b ? 1 : 0),
  );
}

const short = (digest) => `${digest.slice(0, 12)}…`;
const fmt = (x) => (typeof x === 'number' ? x.toFixed(4) : '-');
const describe = (v) =>
  `${v.modelName} ${v.modelVersion}  stage ${v.stage}  digest ${short(v.bundleSha256)}  ` +
  `${v.modelFamily}  ROC-AUC ${fmt(v.metrics?.rocAuc)}  registered ${v.registeredAt} by ${v.registeredBy}`;
const change = (c) =>
  `${c.occurredAt}  ${c.action.padEnd(11)} ${c.fromVersion ?? '-'} → ${c.toVersion}  by ${c.actor}` +
  (c.reason ? `  (${c.reason})` : '');

function table(rows, columns) {
  const widths = columns.map(([title, get]) =>
    Math.max(title.length, ...rows.map((r) => String(get(r)).length)),
  );
  const line = (cells) =>
    cells
      .map((c, i) => String(c).padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [
    line(columns.map(([title]) => title)),
    ...rows.map((r) => line(columns.map(([, get]) => get(r)))),
  ].join('\n');
}

const commands = {
  async register() {
    const dir = resolve(need('bundle'));
    const info = await stat(dir).catch(() => undefined);
    if (!info?.isDirectory()) throw new UsageError(`--bundle ${dir} is not a folder`);
    const files = await bundleFiles(dir);
    if (!files.includes('bundle.sha256'))
      throw new Error(`${dir} has no bundle.sha256: is it a model bundle (tools/training/README.md)?`);
    const form = new FormData();
    form.append('registeredBy', actor);
    for (const rel of files) {
      form.append('files', new Blob([await readFile(join(dir, ...rel.split('/')))]), rel);
    }
    const { status, data } = await call('POST', '/v1/models', form);
    if (opts.json) return data;
    return status === 201
      ? `registered ${describe(data)}\npromote it with: npm run model -- promote --model ${data.modelName} --version ${data.modelVersion} --reason "…"`
      : `already registered (identical bundle): ${describe(data)}`;
  },
  async promote() {
    const model = need('model');
    const version = need('version');
    const { data } = await call('POST', `/v1/models/${seg(model)}/versions/${seg(version)}/promote`, {
      actor,
      reason: need('reason'),
    });
    return opts.json ? data : `promoted: ${change(data)}\nscoring instances switch to it without a restart`;
  },
  async rollback() {
    const model = need('model');
    const { data } = await call('POST', `/v1/models/${seg(model)}/rollback`, {
      actor,
      reason: need('reason'),
    });
    return opts.json ? data : `rolled back: ${change(data)}`;
  },
  async list() {
    const { data } = await call('GET', `/v1/models/${seg(need('model'))}/versions`);
    if (opts.json) return data;
    return table(data, [
      ['VERSION', (v) => v.modelVersion],
      ['STAGE', (v) => v.stage],
      ['FAMILY', (v) => v.modelFamily],
      ['ROC-AUC', (v) => fmt(v.metrics?.rocAuc)],
      ['ECE', (v) => fmt(v.metrics?.ece)],
      ['DIGEST', (v) => short(v.bundleSha256)],
      ['REGISTERED', (v) => `${v.registeredAt} by ${v.registeredBy}`],
    ]);
  },
  async production() {
    const { data } = await call('GET', `/v1/models/${seg(need('model'))}/production`);
    return opts.json ? data : describe(data);
  },
  async history() {
    const { data } = await call('GET', `/v1/models/${seg(need('model'))}/history`);
    return opts.json ? data : data.map(change).join('\n') || '(no changes)';
  },
};

const [command, ...extra] = positionals;
if (opts.help || !command) {
  console.log(USAGE);
  process.exit(command || opts.help ? 0 : 2);
}
try {
  if (!Object.hasOwn(commands, command)) throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  if (extra.length) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  const out = await commands[command]();
  console.log(typeof out === 'string' ? out : JSON.stringify(out, null, 2));
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(`model ${command}: ${error.message}`);
  process.exit(1);
}

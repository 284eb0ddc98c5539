// Shared settings and helpers of the local PostgreSQL scripts (start.mjs / stop.mjs).
//
// Environment (all optional):
//   PGPORT            port of the embedded server                 (default 5433: leaves 5432 to a system Postgres)
//   PG_BIND_HOST      address it listens on                        (default 127.0.0.1, loopback only)
//   PG_DATA_DIR       cluster data directory                       (default <repo>/.data/postgres)
//   PG_OS_USER        OS user the server runs as when we are root  (default riskstream; created if missing)
//   PG_START_TIMEOUT  seconds to wait for connections              (default 60)
//   PG_STOP_TIMEOUT   seconds to wait for a clean shutdown         (default 30)
//   DATABASE_URL      use this server instead; nothing is started or stopped
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PG_DIR = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(PG_DIR, '..', '..');
export const RUN_DIR = path.join(REPO_ROOT, '.run');
export const LOG_DIR = path.join(RUN_DIR, 'logs');
export const PID_FILE = path.join(RUN_DIR, 'postgres.pid');
export const LOG_FILE = path.join(LOG_DIR, 'postgres.log');
export const DATA_DIR = path.resolve(process.env.PG_DATA_DIR ?? path.join(REPO_ROOT, '.data', 'postgres'));

export const PORT = Number.parseInt(process.env.PGPORT ?? '5433', 10);
export const HOST = process.env.PG_BIND_HOST ?? '127.0.0.1';
export const USER = 'riskstream';
export const PASSWORD = 'riskstream';
export const DATABASE = 'riskstream';
export const OS_USER = process.env.PG_OS_USER ?? 'riskstream';
export const START_TIMEOUT_S = Number.parseInt(process.env.PG_START_TIMEOUT ?? '60', 10);
export const STOP_TIMEOUT_S = Number.parseInt(process.env.PG_STOP_TIMEOUT ?? '30', 10);

export const localUrl = (db = DATABASE) =>
  `postgres://${USER}:${PASSWORD}@${HOST === '0.0.0.0' ? '127.0.0.1' : HOST}:${PORT}/${db}`;

export const log = (msg) => console.error(`postgres: ${msg}`);
export function die(msg) {
  console.error(`postgres: ERROR: ${msg}`);
  process.exit(1);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Alive and not a zombie. */
export function isAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return err.code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return true; // no /proc (macOS): trust kill(0)
  }
}

function commandLine(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    try {
      return execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
    } catch {
      return '';
    }
  }
}

function readPid(file) {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').split('\n')[0].trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Pid of the postmaster serving DATA_DIR, from .run/postgres.pid or the cluster's own postmaster.pid. */
export function runningPid() {
  for (const file of [PID_FILE, path.join(DATA_DIR, 'postmaster.pid')]) {
    const pid = readPid(file);
    if (pid && isAlive(pid) && /postgres/.test(commandLine(pid))) return pid;
  }
  return undefined;
}

/** Resolves to true when nothing can bind host:port. */
export function portTaken(port, host = HOST) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', (err) => resolve(err.code === 'EADDRINUSE' || err.code === 'EACCES'));
    srv.once('listening', () => srv.close(() => resolve(false)));
    srv.listen({ port, host, exclusive: true });
  });
}

/** "python3 (pid 123)" for the listener of a port, when ss(8) can tell. */
export function portOwner(port) {
  try {
    const out = execFileSync('ss', ['-Hltnp', `sport = :${port}`], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const m = /users:\(\("([^"]+)",pid=(\d+)/.exec(out);
    if (m) return `${m[1]} (pid ${m[2]})`;
  } catch {
    /* ss missing */
  }
  return 'another process';
}

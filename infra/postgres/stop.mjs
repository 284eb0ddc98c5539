#!/usr/bin/env node
// Stops the local PostgreSQL started by infra/postgres/start.mjs. Data is kept.
//   node infra/postgres/stop.mjs
// SIGINT = PostgreSQL's "fast" shutdown (open sessions are rolled back, a checkpoint is written, clean restart
// next time); after PG_STOP_TIMEOUT seconds SIGQUIT (immediate, crash recovery on next start), then SIGKILL.
// Idempotent; with DATABASE_URL set there is nothing of ours to stop.
import { rmSync } from 'node:fs';
import { PID_FILE, STOP_TIMEOUT_S, isAlive, log, runningPid, sleep } from './common.mjs';

async function waitGone(pid, seconds) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(200);
  }
  return !isAlive(pid);
}

const pid = runningPid();
if (!pid) {
  rmSync(PID_FILE, { force: true });
  log(process.env.DATABASE_URL ? 'DATABASE_URL is set: no embedded server to stop' : 'not running');
  process.exit(0);
}

log(`stopping server (pid ${pid}) ...`);
const started = Date.now();
const send = (sig) => {
  try {
    process.kill(pid, sig);
  } catch {
    /* already gone */
  }
};
send('SIGINT');
if (!(await waitGone(pid, STOP_TIMEOUT_S))) {
  log(`no clean shutdown within ${STOP_TIMEOUT_S}s: immediate shutdown (SIGQUIT)`);
  send('SIGQUIT');
  if (!(await waitGone(pid, 5))) {
    log('still running: SIGKILL');
    send('SIGKILL');
    await waitGone(pid, 5);
  }
}
rmSync(PID_FILE, { force: true });
log(`stopped in ${((Date.now() - started) / 1000).toFixed(1)}s`);

// The npm registry reachable here does not serve @swc/core's non-Linux-x64 binaries, so `npm install` writes a lock
// file without their entries and `npm ci` then refuses it ("Missing: @swc/core-darwin-arm64 from lock file").
// This adds the missing optional platform entries (with os/cpu, so npm skips them without fetching).
// Run after any `npm install`: node tools/scripts/lockfile-optional-platforms.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const platforms = {
  'darwin-arm64': ['darwin', 'arm64'],
  'darwin-x64': ['darwin', 'x64'],
  'linux-arm-gnueabihf': ['linux', 'arm', 'glibc'],
  'linux-arm64-gnu': ['linux', 'arm64', 'glibc'],
  'linux-arm64-musl': ['linux', 'arm64', 'musl'],
  'linux-ppc64-gnu': ['linux', 'ppc64', 'glibc'],
  'linux-s390x-gnu': ['linux', 's390x', 'glibc'],
  'linux-x64-gnu': ['linux', 'x64', 'glibc'],
  'linux-x64-musl': ['linux', 'x64', 'musl'],
  'win32-arm64-msvc': ['win32', 'arm64'],
  'win32-ia32-msvc': ['win32', 'ia32'],
  'win32-x64-msvc': ['win32', 'x64'],
};
let added = 0;
for (const [key, pkg] of Object.entries(lock.packages)) {
  for (const [dep, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    const entry = `node_modules/${dep}`;
    if (lock.packages[entry] || !dep.startsWith('@swc/core-')) continue;
    const platform = platforms[dep.slice('@swc/core-'.length)];
    if (!platform) continue;
    const [os, cpu, libc] = platform;
    lock.packages[entry] = {
      version,
      cpu: [cpu],
      ...(libc ? { libc: [libc] } : {}),
      license: 'Apache-2.0 AND MIT',
      optional: true,
      os: [os],
      ...(pkg.dev ? { dev: true } : {}),
      engines: { node: '>=10' },
    };
    added++;
    void key;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)),
);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lockfile: ${added} optional platform entries added`);

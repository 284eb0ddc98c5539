import { spawnSync } from 'node:child_process';
import { HEAP_GROWING_PERCENT, tuneHeapGrowth } from './heap-growth.js';

describe('tuneHeapGrowth', () => {
  it('sets the growing factor when the command line does not', () => {
    const set: string[] = [];
    expect(tuneHeapGrowth(['--enable-source-maps'], (f) => set.push(f))).toBe(HEAP_GROWING_PERCENT);
    expect(set).toEqual([`--heap-growing-percent=${HEAP_GROWING_PERCENT}`]);
  });

  it.each(['--heap-growing-percent=300', '--heap_growing_percent=0', '--heap-growing-percent'])(
    'leaves a command-line %s alone',
    (arg) => {
      const set: string[] = [];
      expect(tuneHeapGrowth(['--enable-source-maps', arg], (f) => set.push(f))).toBeUndefined();
      expect(set).toEqual([]);
    },
  );

  it('names a flag this V8 has', () => {
    // V8 ignores unknown flags silently; --v8-options lists the ones it has.
    const options = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' }).stdout;
    expect(options).toMatch(/--heap-growing-percent \(specifies heap growing factor/);
  });
});

import { describe, expect, it } from 'vitest';
import { OffsetCommitter, type TopicPartitionOffset } from './offset-committer.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('OffsetCommitter', () => {
  it('commits the next offset to read (last processed + 1)', async () => {
    const commits: TopicPartitionOffset[][] = [];
    const committer = new OffsetCommitter(
      async (offsets) => void commits.push(offsets),
      () => undefined,
    );
    committer.mark('t', 0, '41');
    await committer.drain();
    expect(commits).toEqual([[{ topic: 't', partition: 0, offset: '42' }]]);
  });

  it('keeps one commit in flight and merges marks made meanwhile, highest offset per partition', async () => {
    const commits: TopicPartitionOffset[][] = [];
    const gate = deferred();
    const committer = new OffsetCommitter(
      async (offsets) => {
        commits.push(offsets);
        if (commits.length === 1) await gate.promise;
      },
      () => undefined,
    );
    committer.mark('t', 0, '9');
    committer.mark('t', 1, '5');
    committer.mark('t', 1, '7');
    committer.mark('t', 1, '6'); // late and lower: never moves a partition back
    committer.mark('u', 0, '100');
    gate.resolve();
    await committer.drain();
    expect(commits).toEqual([
      [{ topic: 't', partition: 0, offset: '10' }],
      [
        { topic: 't', partition: 1, offset: '8' },
        { topic: 'u', partition: 0, offset: '101' },
      ],
    ]);
  });

  it('reports a failed commit and goes on with later marks', async () => {
    const errors: unknown[] = [];
    const commits: TopicPartitionOffset[][] = [];
    let fail = true;
    const committer = new OffsetCommitter(
      async (offsets) => {
        if (fail) {
          fail = false;
          throw new Error('rebalance in progress');
        }
        commits.push(offsets);
      },
      (error) => errors.push(error),
    );
    committer.mark('t', 0, '1');
    await committer.drain();
    committer.mark('t', 0, '2');
    await committer.drain();
    expect(errors).toHaveLength(1);
    expect(commits).toEqual([[{ topic: 't', partition: 0, offset: '3' }]]);
  });

  it('ignores marks once stopped (a consumer leaving its group cannot commit)', async () => {
    const commits: TopicPartitionOffset[][] = [];
    const committer = new OffsetCommitter(
      async (offsets) => void commits.push(offsets),
      () => undefined,
    );
    committer.stop();
    committer.mark('t', 0, '1');
    await committer.drain();
    expect(commits).toEqual([]);
  });
});

describe('OffsetCommitter with a minimum interval', () => {
  it('merges the marks of an interval into one commit, and drain() does not wait for the interval', async () => {
    const commits: { at: number; offsets: TopicPartitionOffset[] }[] = [];
    const started = performance.now();
    const committer = new OffsetCommitter(
      async (offsets) => void commits.push({ at: performance.now() - started, offsets }),
      () => undefined,
      200,
    );
    committer.mark('t', 0, '1');
    await new Promise((r) => setTimeout(r, 20));
    committer.mark('t', 0, '2');
    committer.mark('t', 1, '5');
    await new Promise((r) => setTimeout(r, 300));
    expect(commits.map((c) => c.offsets)).toEqual([
      [{ topic: 't', partition: 0, offset: '2' }],
      [
        { topic: 't', partition: 0, offset: '3' },
        { topic: 't', partition: 1, offset: '6' },
      ],
    ]);
    expect(commits[1]!.at - commits[0]!.at).toBeGreaterThanOrEqual(195);
    committer.mark('t', 0, '9');
    const before = performance.now();
    await committer.drain();
    expect(performance.now() - before).toBeLessThan(100);
    expect(commits[2]!.offsets).toEqual([{ topic: 't', partition: 0, offset: '10' }]);
  });
});

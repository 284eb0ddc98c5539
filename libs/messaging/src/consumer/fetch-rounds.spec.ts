import { describe, expect, it } from 'vitest';
import { nextRound, type RoundSource } from './fetch-rounds.js';

interface Source extends RoundSource<string> {
  name: string;
}

const source = (name: string, rank: number, count: number): Source => ({
  name,
  rank,
  next: 0,
  messages: Array.from({ length: count }, (_, i) => `${name}${i}`),
});

/** Every round until the sources are drained, as "name:count" per slice. */
function rounds(sources: Source[], size: number): string[][] {
  const all: string[][] = [];
  for (let guard = 0; guard < 1_000; guard++) {
    const round = nextRound(sources, size);
    if (round.length === 0) return all;
    all.push(round.map((s) => `${s.source.name}:${s.messages.length}`));
  }
  throw new Error('nextRound never drained its sources');
}

describe('nextRound', () => {
  it('drains every message of an earlier-declared topic before any of a later one, across rounds', () => {
    // Applications (rank 1) listed first, as kafkajs may hand them over: reports (rank 0) still go first.
    const apps = [source('a', 1, 300), source('b', 1, 300)];
    const reports = [source('r', 0, 400), source('s', 0, 350)];
    const taken: string[] = [];
    for (;;) {
      const round = nextRound([...apps, ...reports], 500);
      if (round.length === 0) break;
      expect(round.reduce((n, s) => n + s.messages.length, 0)).toBeLessThanOrEqual(500);
      taken.push(...round.flatMap((s) => s.messages));
    }
    expect(taken).toHaveLength(1_350);
    const lastReport = Math.max(...taken.map((m, i) => (/^[rs]/.test(m) ? i : -1)));
    const firstApp = taken.findIndex((m) => /^[ab]/.test(m));
    expect(lastReport).toBeLessThan(firstApp);
  });

  it('shares a round fairly between the partitions of a topic and keeps each partition in order', () => {
    const sources = [source('p', 0, 600), source('q', 0, 600)];
    expect(rounds(sources, 500)).toEqual([
      ['p:250', 'q:250'],
      ['p:250', 'q:250'],
      ['p:100', 'q:100'],
    ]);
    const again = [source('p', 0, 30)];
    const taken = [nextRound(again, 20), nextRound(again, 20)].flatMap((r) => r.flatMap((s) => s.messages));
    expect(taken).toEqual(again[0]!.messages);
  });

  it('fills the rest of a round with the next topic once the earlier one is drained', () => {
    const sources = [source('app', 1, 100), source('rep', 0, 30)];
    expect(rounds(sources, 50)).toEqual([['rep:30', 'app:20'], ['app:50'], ['app:30']]);
  });

  it('takes at least one message per partition when there are more partitions than the round size', () => {
    const sources = Array.from({ length: 5 }, (_, i) => source(`p${i}-`, 0, 2));
    expect(rounds(sources, 3)).toEqual([
      ['p0-:1', 'p1-:1', 'p2-:1', 'p3-:1', 'p4-:1'],
      ['p0-:1', 'p1-:1', 'p2-:1', 'p3-:1', 'p4-:1'],
    ]);
  });

  it('returns nothing for drained or empty sources', () => {
    const done = source('d', 0, 3);
    done.next = 3;
    expect(nextRound([done, source('e', 1, 0)], 10)).toEqual([]);
  });
});

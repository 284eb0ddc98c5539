/** A partition's messages from one fetch, worked through round by round. */
export interface RoundSource<M> {
  /** Declaration order of the partition's topic: lower ranks are drained first. */
  rank: number;
  messages: readonly M[];
  /** Index of the first message not yet taken. */
  next: number;
}

export interface RoundSlice<S, M> {
  source: S;
  messages: M[];
}

/**
 * The next round (one transaction) of a fetch: up to `size` messages, taken topic by topic in declaration order,
 * each topic's share split fairly between its partitions. A later topic only gets messages once every earlier
 * topic of the fetch is drained, so everything of an earlier topic is handled first even when the fetch spans
 * several rounds (a bureau report before an application fetched with it: otherwise that application waits for
 * its report as if it were late). Advances each source's `next`; empty when nothing is left.
 */
export function nextRound<S extends RoundSource<unknown>>(
  sources: readonly S[],
  size: number,
): RoundSlice<S, S['messages'][number]>[] {
  type M = S['messages'][number];
  const active = sources.filter((s) => s.next < s.messages.length).sort((a, b) => a.rank - b.rank);
  const slices: RoundSlice<S, M>[] = [];
  let budget = size;
  for (let i = 0; i < active.length && budget > 0;) {
    let end = i;
    while (end < active.length && active[end]!.rank === active[i]!.rank) end++;
    const group = active.slice(i, end);
    const share = Math.max(1, Math.floor(budget / group.length));
    let drained = true;
    for (const source of group) {
      const messages = source.messages.slice(source.next, source.next + share);
      source.next += messages.length;
      budget -= messages.length;
      slices.push({ source, messages });
      if (source.next < source.messages.length) drained = false;
    }
    if (!drained) break;
    i = end;
  }
  return slices;
}

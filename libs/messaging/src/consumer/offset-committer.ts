export interface TopicPartitionOffset {
  topic: string;
  partition: number;
  /** The next offset to read (last processed + 1), as Kafka expects. */
  offset: string;
}

/**
 * Commits consumer offsets behind the processing, off its critical path. Offsets are only an optimisation here:
 * a message counts as processed when its transaction commits in PostgreSQL (with its inbox row, or the handler's
 * keyed rows), so committing late (or not at all, after a crash) only means re-delivery that those absorb. What matters is that an offset is never committed
 * before its transaction, which holds because callers mark offsets only after the commit.
 *
 * At most one commit request is in flight, and commits start at most every `minIntervalMs` (like Kafka's
 * auto.commit.interval.ms); marks made meanwhile are merged into the next one, so a busy consumer sends a few
 * commits a second instead of one per batch (each is a write to __consumer_offsets). drain() flushes at once.
 */
export class OffsetCommitter {
  private pending = new Map<string, TopicPartitionOffset>();
  private running: Promise<void> | undefined;
  private stopped = false;
  private lastStart = -Infinity;
  /** Ends the wait for the interval early (drain). */
  private wake: (() => void) | undefined;
  private draining = false;

  constructor(
    private readonly commit: (offsets: TopicPartitionOffset[]) => Promise<void>,
    private readonly onError: (error: unknown, offsets: TopicPartitionOffset[]) => void,
    private readonly minIntervalMs = 0,
  ) {}

  /** Records that everything up to and including `lastOffset` is processed, and starts a commit if none runs. */
  mark(topic: string, partition: number, lastOffset: string): void {
    if (this.stopped) return;
    const key = `${topic}\u0000${partition}`;
    const next = (BigInt(lastOffset) + 1n).toString();
    const known = this.pending.get(key);
    if (!known || BigInt(known.offset) < BigInt(next))
      this.pending.set(key, { topic, partition, offset: next });
    this.running ??= this.loop().finally(() => (this.running = undefined));
  }

  /** Ignores marks from now on (the consumer is leaving its group: its commits would be refused). */
  stop(): void {
    this.stopped = true;
    this.pending.clear();
  }

  /** Resolves once every offset marked so far has been sent (or failed). */
  async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.running) {
        this.wake?.();
        await this.running;
      }
    } finally {
      this.draining = false;
    }
  }

  private async loop(): Promise<void> {
    while (this.pending.size > 0) {
      const wait = this.lastStart + this.minIntervalMs - performance.now();
      if (wait > 0 && !this.draining) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, wait);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
        if (this.pending.size === 0) break;
      }
      this.lastStart = performance.now();
      const offsets = [...this.pending.values()];
      this.pending = new Map();
      try {
        await this.commit(offsets);
      } catch (error) {
        // Not retried: a later mark commits a higher offset anyway, and a lost commit only means re-delivery.
        this.onError(error, offsets);
      }
    }
  }
}

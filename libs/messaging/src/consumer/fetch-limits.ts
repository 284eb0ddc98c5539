/** What one fetch may bring into memory while a backlog is worked off. */
export const FETCH_MAX_BYTES = 8 * 1024 * 1024;
const MAX_BYTES_PER_PARTITION = 2 * 1024 * 1024;
const MIN_BYTES_PER_PARTITION = 128 * 1024;

/**
 * A consumer's fetch limits for the partitions it subscribes to: every partition's share fits in one fetch.
 *
 * The broker fills a fetch response partition by partition, in the request's order, until `maxBytes` is used up,
 * and kafkajs asks for the topics in the same order every time. With 2 MiB per partition and 8 MiB per fetch, a
 * backlog on the first topic's six partitions filled every fetch and the second topic got nothing until it
 * drained: in 100,000-application bursts ingestion fell behind on bureau reports, and 18-27 % of applications
 * reached features before their report and were parked ~2 s (riskstream_features_waiting_for_bureau_total). So the
 * share per partition is the fetch's budget divided among them (between 128 KiB and 2 MiB), and the budget grows
 * past 8 MiB only when the floor needs it. A record batch larger than the share still comes whole (the broker
 * returns a partition's first batch whatever its size), so oversized junk is fetched and dead-lettered rather than
 * stalling its partition.
 */
export function fetchLimits(partitions: number): { maxBytes: number; maxBytesPerPartition: number } {
  const count = Math.max(1, Math.floor(partitions));
  const maxBytesPerPartition = Math.min(
    MAX_BYTES_PER_PARTITION,
    Math.max(MIN_BYTES_PER_PARTITION, Math.floor(FETCH_MAX_BYTES / count)),
  );
  return { maxBytes: Math.max(FETCH_MAX_BYTES, maxBytesPerPartition * count), maxBytesPerPartition };
}

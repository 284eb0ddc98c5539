import { FETCH_MAX_BYTES, fetchLimits } from './fetch-limits.js';

describe('fetchLimits', () => {
  it('gives every subscribed partition its share of one fetch', () => {
    for (const partitions of [1, 3, 6, 12, 18, 24, 63, 64, 65, 200]) {
      const { maxBytes, maxBytesPerPartition } = fetchLimits(partitions);
      expect(maxBytesPerPartition * partitions).toBeLessThanOrEqual(maxBytes);
      expect(maxBytesPerPartition).toBeGreaterThanOrEqual(128 * 1024);
      expect(maxBytesPerPartition).toBeLessThanOrEqual(2 * 1024 * 1024);
    }
  });

  it('keeps 8 MiB per fetch up to 64 partitions, and grows it only for the 128 KiB floor', () => {
    expect(fetchLimits(1)).toEqual({ maxBytes: FETCH_MAX_BYTES, maxBytesPerPartition: 2 * 1024 * 1024 });
    expect(fetchLimits(4)).toEqual({ maxBytes: FETCH_MAX_BYTES, maxBytesPerPartition: 2 * 1024 * 1024 });
    // ingestion and features: two topics of six partitions
    expect(fetchLimits(12)).toEqual({ maxBytes: FETCH_MAX_BYTES, maxBytesPerPartition: 699_050 });
    expect(fetchLimits(64)).toEqual({ maxBytes: FETCH_MAX_BYTES, maxBytesPerPartition: 128 * 1024 });
    expect(fetchLimits(100)).toEqual({ maxBytes: 100 * 128 * 1024, maxBytesPerPartition: 128 * 1024 });
    expect(fetchLimits(0)).toEqual(fetchLimits(1));
  });
});

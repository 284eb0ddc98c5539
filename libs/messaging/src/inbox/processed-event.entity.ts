import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * The inbox: one row per event a consumer group has fully processed, written in the same transaction as the
 * handler's own writes. A re-delivered event finds its row and is skipped, so effects happen exactly once.
 */
@Entity({ name: 'processed_events' })
export class ProcessedEventEntity {
  @PrimaryColumn({ name: 'consumer_group', type: 'text' })
  consumerGroup!: string;

  @PrimaryColumn({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ type: 'text' })
  topic!: string;

  @Column({ type: 'integer' })
  partition!: number;

  @Column({ type: 'bigint' })
  offset!: string;

  @CreateDateColumn({ name: 'processed_at', type: 'timestamptz' })
  processedAt!: Date;
}

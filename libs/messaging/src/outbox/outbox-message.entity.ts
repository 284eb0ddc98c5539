import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The outbox as versions before outbox_batch wrote it, one row per event. Nothing writes it any more; the relay's
 * sweep drains what an instance of an earlier version left, and a later release drops it.
 */
@Entity({ name: 'outbox' })
export class OutboxMessageEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ type: 'text' })
  topic!: string;

  @Column({ name: 'message_key', type: 'text', nullable: true })
  key!: string | null;

  @Column({ type: 'text' })
  payload!: string;

  @Column({ type: 'jsonb' })
  headers!: Record<string, string>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;
}

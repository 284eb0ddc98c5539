import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The outbox: the events of one transaction (up to 2,000), written in that transaction and compressed together
 * (see encodeOutboxBatch). They reach Kafka only after it commits, and are re-sent with the same event ids after
 * a crash, never lost.
 */
@Entity({ name: 'outbox_batch' })
export class OutboxBatchEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** How many events the row holds. */
  @Column({ type: 'integer' })
  events!: number;

  @Column({ type: 'bytea' })
  messages!: Buffer;
}

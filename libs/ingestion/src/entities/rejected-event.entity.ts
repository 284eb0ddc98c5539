import type { RejectionReasonV1 } from '@riskstream/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Every event ingestion refused, with its reasons: the queryable twin of the rejected topic. */
@Entity({ name: 'rejected_events' })
export class RejectedEventEntity {
  @PrimaryColumn({ name: 'source_event_id', type: 'text' })
  sourceEventId!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ name: 'subject_id', type: 'text', nullable: true })
  subjectId!: string | null;

  @Column({ name: 'source_topic', type: 'text' })
  sourceTopic!: string;

  @Column({ name: 'source_partition', type: 'integer' })
  sourcePartition!: number;

  @Column({ name: 'source_offset', type: 'bigint' })
  sourceOffset!: string;

  @Column({ type: 'jsonb' })
  reasons!: RejectionReasonV1[];

  @Column({ name: 'payload_bytes', type: 'integer' })
  payloadBytes!: number;

  @Column({ name: 'payload_sha256', type: 'text' })
  payloadSha256!: string;

  @CreateDateColumn({ name: 'rejected_at', type: 'timestamptz' })
  rejectedAt!: Date;
}

import { createMessagingTables, dropMessagingTables } from '@riskstream/messaging';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateGatewaySchema1763780000000 implements MigrationInterface {
  name = 'CreateGatewaySchema1763780000000';

  async up(q: QueryRunner): Promise<void> {
    await createMessagingTables(q, 'gateway');
  }

  async down(q: QueryRunner): Promise<void> {
    await dropMessagingTables(q, 'gateway');
  }
}

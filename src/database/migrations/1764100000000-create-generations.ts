import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Typed generations and their durable jobs; portable across SQLite and PostgreSQL (schema builder only). */
export class CreateGenerations1764100000000 implements MigrationInterface {
  name = 'CreateGenerations1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'generations',
        columns: [
          { name: 'id', type: 'varchar', length: '40', isPrimary: true },
          { name: 'type', type: 'varchar', length: '16' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'async', type: 'boolean', default: false },
          { name: 'provider', type: 'varchar', length: '100' },
          { name: 'model', type: 'varchar', length: '300', isNullable: true },
          { name: 'principal_id', type: 'varchar', length: '64' },
          { name: 'project', type: 'varchar', length: '200', isNullable: true },
          { name: 'config', type: 'text' },
          { name: 'upstream_id', type: 'varchar', length: '300', isNullable: true },
          { name: 'upstream_state', type: 'text', isNullable: true },
          { name: 'progress', type: 'integer', default: 0 },
          { name: 'result', type: 'text', isNullable: true },
          { name: 'error', type: 'text', isNullable: true },
          { name: 'webhook_url', type: 'varchar', length: '2000', isNullable: true },
          { name: 'polls', type: 'integer', default: 0 },
          { name: 'next_poll_at_ms', type: 'bigint', isNullable: true },
          { name: 'deadline_at_ms', type: 'bigint', isNullable: true },
          { name: 'lease_owner', type: 'varchar', length: '64', isNullable: true },
          { name: 'lease_until_ms', type: 'bigint', isNullable: true },
          { name: 'reserved_micro_usd', type: 'bigint', isNullable: true },
          { name: 'cost_micro_usd', type: 'bigint', isNullable: true },
          { name: 'billed_at_ms', type: 'bigint', isNullable: true },
          { name: 'refunded_at_ms', type: 'bigint', isNullable: true },
          { name: 'created_at_ms', type: 'bigint' },
          { name: 'updated_at_ms', type: 'bigint' },
          { name: 'completed_at_ms', type: 'bigint', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex(
      'generations',
      new TableIndex({ name: 'idx_generations_status_lease', columnNames: ['status', 'lease_until_ms'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('generations');
  }
}

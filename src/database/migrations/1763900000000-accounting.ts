import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Credits, holds, the ledger, usage records and their daily rollups. Portable:
 * only the id columns differ (SQLite autoincrement needs INTEGER, Postgres gets BIGSERIAL).
 */
export class Accounting1763900000000 implements MigrationInterface {
  name = 'Accounting1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const idType = queryRunner.connection.driver.options.type === 'postgres' ? 'bigint' : 'integer';
    const id = { name: 'id', type: idType, isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const };

    await queryRunner.addColumn('api_keys', new TableColumn({ name: 'provider_keys', type: 'text', isNullable: true }));

    await queryRunner.createTable(
      new Table({
        name: 'credit_holds',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'key_id', type: 'varchar', length: '36' },
          { name: 'amount_micro_usd', type: 'bigint' },
          { name: 'request_id', type: 'varchar', length: '128' },
          { name: 'created_at_ms', type: 'bigint' },
        ],
        indices: [{ name: 'idx_credit_holds_created', columnNames: ['created_at_ms'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'credit_ledger',
        columns: [
          id,
          { name: 'key_id', type: 'varchar', length: '36' },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'amount_micro_usd', type: 'bigint' },
          { name: 'balance_after_micro_usd', type: 'bigint', isNullable: true },
          { name: 'hold_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'request_id', type: 'varchar', length: '128', isNullable: true },
          { name: 'note', type: 'varchar', length: '200', isNullable: true },
          { name: 'created_at_ms', type: 'bigint' },
        ],
        indices: [{ name: 'idx_credit_ledger_key', columnNames: ['key_id', 'id'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'usage_records',
        columns: [
          id,
          { name: 'request_id', type: 'varchar', length: '128' },
          { name: 'created_at_ms', type: 'bigint' },
          { name: 'key_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'route', type: 'varchar', length: '200', isNullable: true },
          { name: 'provider', type: 'varchar', length: '64', isNullable: true },
          { name: 'model', type: 'varchar', length: '200', isNullable: true },
          { name: 'operation', type: 'varchar', length: '16' },
          { name: 'status', type: 'smallint' },
          { name: 'error_code', type: 'varchar', length: '48', isNullable: true },
          { name: 'prompt_tokens', type: 'integer' },
          { name: 'completion_tokens', type: 'integer' },
          { name: 'cost_micro_usd', type: 'bigint', isNullable: true },
          { name: 'latency_ms', type: 'integer' },
          { name: 'ttft_ms', type: 'integer', isNullable: true },
          { name: 'attempts', type: 'smallint' },
          { name: 'streamed', type: 'boolean' },
          { name: 'estimated', type: 'boolean' },
          { name: 'unpriced', type: 'boolean' },
          { name: 'byok', type: 'boolean' },
        ],
      }),
    );
    await queryRunner.createIndices('usage_records', [
      new TableIndex({ name: 'idx_usage_key', columnNames: ['key_id', 'id'] }),
      new TableIndex({ name: 'idx_usage_created', columnNames: ['created_at_ms'] }),
    ]);

    // Rollup dimensions are '' rather than NULL so the primary key makes upserts conflict.
    await queryRunner.createTable(
      new Table({
        name: 'usage_daily',
        columns: [
          { name: 'day', type: 'varchar', length: '10', isPrimary: true },
          { name: 'key_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'provider', type: 'varchar', length: '64', isPrimary: true },
          { name: 'model', type: 'varchar', length: '200', isPrimary: true },
          { name: 'requests', type: 'bigint' },
          { name: 'errors', type: 'bigint' },
          { name: 'prompt_tokens', type: 'bigint' },
          { name: 'completion_tokens', type: 'bigint' },
          { name: 'cost_micro_usd', type: 'bigint' },
        ],
        indices: [{ name: 'idx_usage_daily_key', columnNames: ['key_id', 'day'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('usage_daily');
    await queryRunner.dropTable('usage_records');
    await queryRunner.dropTable('credit_ledger');
    await queryRunner.dropTable('credit_holds');
    await queryRunner.dropColumn('api_keys', 'provider_keys');
  }
}

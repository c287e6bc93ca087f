import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Portable across SQLite and PostgreSQL: the schema builder, no raw DDL. */
export class CreateApiKeys1763800000000 implements MigrationInterface {
  name = 'CreateApiKeys1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'api_keys',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'prefix', type: 'varchar', length: '16' },
          { name: 'key_hash', type: 'varchar', length: '64', isUnique: true },
          { name: 'balance_micro_usd', type: 'bigint', isNullable: true },
          { name: 'allowed_models', type: 'text', isNullable: true },
          { name: 'allowed_providers', type: 'text', isNullable: true },
          { name: 'rpm', type: 'integer', isNullable: true },
          { name: 'tpm', type: 'integer', isNullable: true },
          { name: 'owner_user', type: 'varchar', length: '200', isNullable: true },
          { name: 'owner_team', type: 'varchar', length: '200', isNullable: true },
          { name: 'owner_project', type: 'varchar', length: '200', isNullable: true },
          { name: 'expires_at_ms', type: 'bigint', isNullable: true },
          { name: 'created_at_ms', type: 'bigint' },
          { name: 'revoked_at_ms', type: 'bigint', isNullable: true },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('api_keys');
  }
}

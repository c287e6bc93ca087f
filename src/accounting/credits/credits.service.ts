import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { LessThan, type Repository } from 'typeorm';
import { InvalidRequestError } from '../../errors/gateway-error.js';
import type { ApiKeyEntity } from '../../keys/api-key.entity.js';
import { ApiKeysService } from '../../keys/api-keys.service.js';
import { ACCOUNTING_STORE, type AccountingStore } from '../store/accounting-store.js';
import { UsageWriter } from '../usage/usage-writer.js';
import { CreditHoldEntity } from './credit-hold.entity.js';
import { CreditLedgerEntryEntity } from './credit-ledger-entry.entity.js';

/**
 * Holds older than this are released (refunded) by the sweeper: they belong to
 * a process that died before settling. Longer than any request may run; a
 * request that still settles later is charged all the same.
 */
export const HOLD_TTL_MS = 30 * 60_000;
const SWEEP_EVERY_MS = 60_000;
const SWEEP_BATCH = 500;

export interface LedgerPage {
  entries: CreditLedgerEntryEntity[];
  nextCursor: string | null;
}

const usd = (microUsd: number): string => `$${(microUsd / 1e6).toFixed(6)}`;

/** Credit balances: reservations on the request path, top-ups, the ledger, and the sweeper for orphaned holds. */
@Injectable()
export class CreditsService implements OnModuleInit, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger(CreditsService.name);
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    @Inject(ACCOUNTING_STORE) private readonly store: AccountingStore,
    private readonly writer: UsageWriter,
    private readonly keys: ApiKeysService,
    @InjectRepository(CreditHoldEntity) private readonly holds: Repository<CreditHoldEntity>,
    @InjectRepository(CreditLedgerEntryEntity) private readonly ledger: Repository<CreditLedgerEntryEntity>,
  ) {}

  onModuleInit(): void {
    this.sweeper = setInterval(() => void this.sweep(), SWEEP_EVERY_MS);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  /** After the HTTP server closed: no request reserves any more. */
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }

  /**
   * Takes the worst case from the balance; the hold id, or undefined when the
   * balance cannot cover it. `id` names the hold (a generation job derives it
   * from its own id); a new one by default.
   */
  async reserve(keyId: string, amountMicroUsd: number, requestId: string, id: string = randomUUID()): Promise<string | undefined> {
    const held = await this.store.reserve({ id, keyId, amountMicroUsd, requestId: requestId.slice(0, 128), atMs: Date.now() });
    return held ? id : undefined;
  }

  /** A positive amount adds credits, a negative one deducts them, never below zero. */
  async addCredits(keyId: string, amountMicroUsd: number, note: string | null): Promise<ApiKeyEntity> {
    const key = await this.keys.getOrThrow(keyId);
    if (key.balanceMicroUsd === null) {
      throw new InvalidRequestError(`API key ${keyId} is unlimited (metered only) and has no credit balance.`, 'amountUsd');
    }
    const result = await this.store.credit(keyId, amountMicroUsd, note, Date.now());
    if (!result.ok) {
      throw new InvalidRequestError(
        `Deducting ${usd(-amountMicroUsd)} would take the balance (${usd(result.balanceMicroUsd ?? 0)}) below zero.`,
        'amountUsd',
      );
    }
    this.keys.forget(key.keyHash);
    return this.keys.getOrThrow(keyId);
  }

  /** Whether this hold is still open (neither settled nor swept). */
  holding(holdId: string): Promise<boolean> {
    return this.holds.existsBy({ id: holdId });
  }

  /** Credits held by requests in flight. */
  async reservedMicroUsd(keyId: string): Promise<number> {
    const row = await this.holds
      .createQueryBuilder('h')
      .select('COALESCE(SUM(h.amount_micro_usd), 0)', 'total')
      .where('h.key_id = :keyId', { keyId })
      .getRawOne<{ total: string | number }>();
    return Number(row?.total ?? 0);
  }

  /** Newest first; the cursor is the last entry's id. */
  async ledgerPage(keyId: string, limit: number, cursor?: string): Promise<LedgerPage> {
    const before = cursor ? Number(cursor) : undefined;
    const entries = await this.ledger.find({
      where: before && Number.isSafeInteger(before) ? { keyId, id: LessThan(before) } : { keyId },
      order: { id: 'DESC' },
      take: limit + 1,
    });
    const more = entries.length > limit;
    const page = entries.slice(0, limit);
    return { entries: page, nextCursor: more ? String(page[page.length - 1].id) : null };
  }

  /** Releases holds whose request never settled; the hold's deletion makes this safe on every instance at once. */
  async sweep(now = Date.now()): Promise<number> {
    try {
      const expired = await this.store.expiredHolds(now - HOLD_TTL_MS, SWEEP_BATCH);
      for (const hold of expired) {
        void this.writer.enqueue({
          settlement: { keyId: hold.keyId, holdId: hold.id, chargeMicroUsd: 0, requestId: hold.requestId, note: 'hold expired' },
        });
      }
      if (expired.length > 0) this.logger.warn(`Releasing ${expired.length} expired credit holds`);
      return expired.length;
    } catch (error) {
      this.logger.error(`Sweeping expired credit holds failed: ${(error as Error).message}`);
      return 0;
    }
  }

  /** Message of a 402: what the request may cost and what the key has. */
  async shortfall(keyId: string, neededMicroUsd: number): Promise<string> {
    const key = await this.keys.getOrThrow(keyId);
    return (
      `Insufficient credits: this request may cost up to ${usd(neededMicroUsd)} and the key has ${usd(key.balanceMicroUsd ?? 0)} available. ` +
      `Lower max_tokens, or ask an admin to add credits (POST /admin/keys/${keyId}/credits).`
    );
  }
}

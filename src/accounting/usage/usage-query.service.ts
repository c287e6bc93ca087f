import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository, type SelectQueryBuilder } from 'typeorm';
import { ApiKeyEntity } from '../../keys/api-key.entity.js';
import { UsageDailyEntity } from './usage-daily.entity.js';
import { UsageRecordEntity } from './usage-record.entity.js';

export interface UsageFilter {
  keyId?: string;
  provider?: string;
  model?: string;
  route?: string;
  status?: number;
  /** Inclusive, epoch ms. */
  fromMs?: number;
  /** Exclusive, epoch ms. */
  toMs?: number;
}

export interface UsagePage {
  records: UsageRecordEntity[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

export const SUMMARY_DIMENSIONS = ['key', 'provider', 'model', 'day'] as const;
export type SummaryDimension = (typeof SUMMARY_DIMENSIONS)[number];

export interface SummaryQuery {
  groupBy: SummaryDimension[];
  /** Inclusive UTC days, `YYYY-MM-DD`. */
  fromDay?: string;
  toDay?: string;
  keyId?: string;
}

export interface SummaryRow {
  day?: string;
  keyId?: string | null;
  keyName?: string | null;
  provider?: string | null;
  model?: string | null;
  requests: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  costMicroUsd: number;
}

const COLUMN: Record<SummaryDimension, string> = { key: 'd.key_id', provider: 'd.provider', model: 'd.model', day: 'd.day' };
const EXPORT_BATCH = 1_000;

/** Cursors are opaque to clients; inside they are the last row's id (newest first). */
export function encodeCursor(id: number): string {
  return Buffer.from(String(id)).toString('base64url');
}

export function decodeCursor(cursor: string): number | undefined {
  const id = Number(Buffer.from(cursor, 'base64url').toString());
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/** The admin reads: the request log (keyset pages, CSV export) and summaries from the daily rollups. */
@Injectable()
export class UsageQueryService {
  constructor(
    @InjectRepository(UsageRecordEntity) private readonly records: Repository<UsageRecordEntity>,
    @InjectRepository(UsageDailyEntity) private readonly daily: Repository<UsageDailyEntity>,
    @InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>,
  ) {}

  async list(filter: UsageFilter, limit: number, cursor?: number): Promise<UsagePage> {
    const records = await this.query(filter, cursor)
      .limit(limit + 1)
      .getMany();
    const more = records.length > limit;
    const page = records.slice(0, limit);
    return { records: page, nextCursor: more ? encodeCursor(page[page.length - 1].id) : null };
  }

  /** Every matching record, newest first, a batch at a time (for CSV export without holding it all). */
  async *all(filter: UsageFilter): AsyncGenerator<UsageRecordEntity[]> {
    let cursor: number | undefined;
    for (;;) {
      const batch = await this.query(filter, cursor).limit(EXPORT_BATCH).getMany();
      if (batch.length > 0) yield batch;
      if (batch.length < EXPORT_BATCH) return;
      cursor = batch[batch.length - 1].id;
    }
  }

  async summary(query: SummaryQuery): Promise<SummaryRow[]> {
    const qb = this.daily
      .createQueryBuilder('d')
      .select('SUM(d.requests)', 'requests')
      .addSelect('SUM(d.errors)', 'errors')
      .addSelect('SUM(d.prompt_tokens)', 'prompt_tokens')
      .addSelect('SUM(d.completion_tokens)', 'completion_tokens')
      .addSelect('SUM(d.cost_micro_usd)', 'cost_micro_usd');
    for (const dimension of query.groupBy) qb.addSelect(COLUMN[dimension], dimension).addGroupBy(COLUMN[dimension]);
    for (const dimension of query.groupBy) qb.addOrderBy(COLUMN[dimension], dimension === 'day' ? 'DESC' : 'ASC');
    if (query.fromDay) qb.andWhere('d.day >= :fromDay', { fromDay: query.fromDay });
    if (query.toDay) qb.andWhere('d.day <= :toDay', { toDay: query.toDay });
    if (query.keyId) qb.andWhere('d.key_id = :keyId', { keyId: query.keyId });
    const raw = await qb.getRawMany<Record<string, unknown>>();
    const names = query.groupBy.includes('key') ? await this.keyNames(raw.map((r) => String(r.key))) : new Map<string, string>();
    return raw.map((r) => {
      const row: SummaryRow = {
        requests: Number(r.requests),
        errors: Number(r.errors),
        promptTokens: Number(r.prompt_tokens),
        completionTokens: Number(r.completion_tokens),
        costMicroUsd: Number(r.cost_micro_usd),
      };
      // Rollups store '' for "none" (the admin key, a request no provider served).
      if (query.groupBy.includes('day')) row.day = String(r.day);
      if (query.groupBy.includes('key')) {
        row.keyId = r.key ? String(r.key) : null;
        row.keyName = row.keyId ? (names.get(row.keyId) ?? null) : 'admin';
      }
      if (query.groupBy.includes('provider')) row.provider = r.provider ? String(r.provider) : null;
      if (query.groupBy.includes('model')) row.model = r.model ? String(r.model) : null;
      return row;
    });
  }

  private query(filter: UsageFilter, cursor: number | undefined): SelectQueryBuilder<UsageRecordEntity> {
    const qb = this.records.createQueryBuilder('u').orderBy('u.id', 'DESC');
    if (cursor !== undefined) qb.andWhere('u.id < :cursor', { cursor });
    if (filter.keyId) qb.andWhere('u.key_id = :keyId', { keyId: filter.keyId });
    if (filter.provider) qb.andWhere('u.provider = :provider', { provider: filter.provider });
    if (filter.model) qb.andWhere('u.model = :model', { model: filter.model });
    if (filter.route) qb.andWhere('u.route = :route', { route: filter.route });
    if (filter.status !== undefined) qb.andWhere('u.status = :status', { status: filter.status });
    if (filter.fromMs !== undefined) qb.andWhere('u.created_at_ms >= :fromMs', { fromMs: filter.fromMs });
    if (filter.toMs !== undefined) qb.andWhere('u.created_at_ms < :toMs', { toMs: filter.toMs });
    return qb;
  }

  private async keyNames(ids: string[]): Promise<Map<string, string>> {
    const wanted = ids.filter(Boolean);
    if (wanted.length === 0) return new Map();
    const keys = await this.keys.find({ where: { id: In(wanted) }, select: { id: true, name: true } });
    return new Map(keys.map((key) => [key.id, key.name]));
  }
}

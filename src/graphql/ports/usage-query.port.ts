/** What the GraphQL usage operations read; bound in GraphqlModule to accounting's usage reads (AccountingUsageQuery). */
export const USAGE_QUERY = Symbol('USAGE_QUERY');

export interface UsageRecordView {
  id: string;
  requestId: string;
  keyId: string | null;
  operation: string;
  route: string | null;
  provider: string | null;
  model: string | null;
  status: number;
  errorCode: string | null;
  promptTokens: number;
  completionTokens: number;
  costMicroUsd: number | null;
  latencyMs: number;
  timeToFirstTokenMs: number | null;
  attempts: number;
  streamed: boolean;
  createdAtMs: number;
}

export interface UsageListQuery {
  keyId?: string;
  provider?: string;
  model?: string;
  fromMs?: number;
  toMs?: number;
  /** An opaque cursor from a previous page. */
  after?: string;
  first: number;
}

export interface UsagePage {
  records: Array<{ cursor: string; record: UsageRecordView }>;
  hasNextPage: boolean;
}

export type UsageGrouping = 'key' | 'provider' | 'model' | 'day';

export interface UsageSummaryView {
  group: string;
  requests: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  costMicroUsd: number;
}

export interface UsageQuery {
  list(query: UsageListQuery): Promise<UsagePage>;
  summary(groupBy: UsageGrouping, fromMs?: number, toMs?: number): Promise<UsageSummaryView[]>;
}

import { Inject, UseGuards } from '@nestjs/common';
import { Args, Query, Resolver, Subscription } from '@nestjs/graphql';
import type { PubSubEngine } from 'graphql-subscriptions';
import { InvalidRequestError } from '../../errors/gateway-error.js';
import { AdminOnly } from '../../keys/auth.decorators.js';
import { GqlAuthGuard } from '../auth/gql-auth.guard.js';
import { USAGE_PAGE_DEFAULT, USAGE_PAGE_MAX, UsageFilter } from '../inputs/usage-filter.input.js';
import { usageEventView, type UsageEventPayload } from '../mappers/usage-event.js';
import { usd } from '../mappers/views.js';
import { UsageEventModel } from '../models/usage-event.model.js';
import { UsageConnectionModel, type UsageRecordModel } from '../models/usage-record.model.js';
import { UsageGroupBy, UsageSummaryRowModel } from '../models/usage-summary.model.js';
import { USAGE_QUERY, type UsageQuery, type UsageRecordView } from '../ports/usage-query.port.js';
import { GRAPHQL_PUB_SUB } from '../pubsub/pub-sub.provider.js';
import { Topics } from '../pubsub/topics.js';
import { topicEvents } from '../subscriptions/iterators.js';
import { UNPAGED_LIST_SIZE } from './catalog.resolver.js';

function recordView(record: UsageRecordView): UsageRecordModel {
  return { ...record, costUsd: usd(record.costMicroUsd), createdAt: new Date(record.createdAtMs) };
}

function pageSize(first: number | undefined): number {
  const size = first ?? USAGE_PAGE_DEFAULT;
  if (!Number.isInteger(size) || size < 1 || size > USAGE_PAGE_MAX) {
    throw new InvalidRequestError(`filter.first must be an integer from 1 to ${USAGE_PAGE_MAX}`, 'filter.first');
  }
  return size;
}

/** The request log (GET /admin/usage, /admin/usage/summary) and the live feed of finished requests. Admin only. */
@Resolver()
@UseGuards(GqlAuthGuard)
export class UsageResolver {
  constructor(
    private readonly topics: Topics,
    @Inject(GRAPHQL_PUB_SUB) private readonly pubSub: PubSubEngine,
    @Inject(USAGE_QUERY) private readonly usageQuery: UsageQuery,
  ) {}

  @Query(() => UsageConnectionModel, {
    description: 'Usage records, newest first, a page at a time (cursor pagination). Admin only.',
    complexity: ({ args, childComplexity }) =>
      1 + childComplexity * ((args.filter as UsageFilter | undefined)?.first ?? USAGE_PAGE_DEFAULT),
  })
  @AdminOnly()
  async usage(@Args('filter', { nullable: true }) filter?: UsageFilter): Promise<UsageConnectionModel> {
    const page = await this.usageQuery.list({
      keyId: filter?.keyId,
      provider: filter?.provider,
      model: filter?.model,
      fromMs: filter?.from?.getTime(),
      toMs: filter?.to?.getTime(),
      after: filter?.after,
      first: pageSize(filter?.first),
    });
    return {
      edges: page.records.map(({ cursor, record }) => ({ cursor, node: recordView(record) })),
      pageInfo: { endCursor: page.records.at(-1)?.cursor ?? null, hasNextPage: page.hasNextPage },
    };
  }

  @Query(() => [UsageSummaryRowModel], {
    description: 'Requests, errors, tokens and cost per key, provider, model or UTC day. Admin only.',
    complexity: ({ childComplexity }) => 1 + childComplexity * UNPAGED_LIST_SIZE,
  })
  @AdminOnly()
  async usageSummary(
    @Args('groupBy', { type: () => UsageGroupBy }) groupBy: UsageGroupBy,
    @Args('from', { nullable: true }) from?: Date,
    @Args('to', { nullable: true }) to?: Date,
  ): Promise<UsageSummaryRowModel[]> {
    const rows = await this.usageQuery.summary(groupBy, from?.getTime(), to?.getTime());
    return rows.map((row) => ({ ...row, costUsd: usd(row.costMicroUsd) ?? 0 }));
  }

  @Subscription(() => UsageEventModel, {
    description: 'Every request as it finishes, on any gateway instance sharing Redis. Admin only.',
    resolve: (event: UsageEventModel) => event,
  })
  @AdminOnly()
  usageEvents(): Promise<AsyncIterableIterator<UsageEventModel>> {
    return topicEvents(this.pubSub, this.topics.usageEvents, (payload: UsageEventPayload) => usageEventView(payload));
  }
}

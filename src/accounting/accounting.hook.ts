import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ForbiddenError, GatewayError } from '../errors/gateway-error.js';
import type { ApiKeyEntity } from '../keys/api-key.entity.js';
import { ApiKeysService } from '../keys/api-keys.service.js';
import { GatewayHooks, type GatewayHook } from '../routing/gateway-hooks.js';
import type { RequestContext } from '../routing/request-context.js';
import type { ResolvedRoute, RouteTarget } from '../routing/route-target.js';
import { warmTokenizer } from '../routing/token-counter.js';
import { ProviderKeysService } from './byok/provider-keys.service.js';
import { CreditsService } from './credits/credits.service.js';
import { worstCaseUsage } from './credits/worst-case.js';
import { TokenLimitService } from './limits/token-limit.service.js';
import { allowedTargets, scopeRefusal } from './policy/key-policy.js';
import { costMicroUsd, type BillableUsage } from './prices/price.js';
import { PriceCatalogService, type PriceQuote } from './prices/price-catalog.service.js';
import { worstCaseUnits } from './prices/unit-price.js';
import type { Settlement } from './store/accounting-store.js';
import { usageRowFor, type Priced } from './usage/usage-row.js';
import { UsageWriter } from './usage/usage-writer.js';

const HOOK = 'accounting';

/** What beforeRequest decided, for afterRequest. */
interface Scratch {
  /** Prices looked up for the reservation, by `<provider>/<model>` (undefined: unknown). */
  quotes: Map<string, PriceQuote | undefined>;
  holdId?: string;
  reservedMicroUsd: number;
}

const targetId = (provider: string, model: string): string => `${provider}/${model}`;

/**
 * The accounting around every request. Before: the key's scopes, its own
 * provider keys, its token limit, and for a key with credits the worst-case
 * reservation (the only database write on the request's path). After: the
 * cost from price × usage (tokens, or for media the units it produced), then
 * the settlement and the usage row, queued for the batching writer. The one
 * place requests are priced.
 */
@Injectable()
export class AccountingHook implements GatewayHook, OnModuleInit, OnApplicationBootstrap {
  readonly name = HOOK;
  private readonly logger = new Logger(AccountingHook.name);

  constructor(
    private readonly hooks: GatewayHooks,
    private readonly keys: ApiKeysService,
    private readonly prices: PriceCatalogService,
    private readonly credits: CreditsService,
    private readonly providerKeys: ProviderKeysService,
    private readonly tokens: TokenLimitService,
    private readonly writer: UsageWriter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.hooks.register(this);
  }

  /**
   * Every reservation counts the prompt, so with keys that hold credits the
   * tokenizer loads before the server listens rather than in their first
   * requests; without them it stays unloaded (KeyAdminService loads it when
   * such a key is created).
   */
  async onApplicationBootstrap(): Promise<void> {
    if (await this.keys.hasKeysWithCredits()) await warmTokenizer();
  }

  async beforeRequest(ctx: RequestContext): Promise<void> {
    const scratch: Scratch = { quotes: new Map(), reservedMicroUsd: 0 };
    ctx.scratch[HOOK] = scratch;
    if (ctx.principal.kind !== 'key' || !ctx.route) return;
    const key = ctx.principal.key;
    const route = ctx.route;
    let targets = allowedTargets(route, key);
    if (targets.length === 0) throw new ForbiddenError(scopeRefusal(route, key));
    ctx.providerKeys = this.providerKeys.open(key);
    await this.tokens.check(key);
    if (key.balanceMicroUsd !== null) targets = await this.reserve(ctx, key, route, targets, scratch);
    if (targets.length !== route.targets.length) ctx.route = { ...route, targets };
  }

  /** Media: the cost of the units is known as soon as the upstream answered, in time for the response headers. */
  async onServed(ctx: RequestContext): Promise<void> {
    const priced = await this.price(ctx, ctx.scratch[HOOK] as Scratch | undefined);
    if (priced.costMicroUsd !== null) ctx.costMicroUsd = priced.costMicroUsd;
  }

  async afterRequest(ctx: RequestContext): Promise<void> {
    const scratch = ctx.scratch[HOOK] as Scratch | undefined;
    const priced = await this.price(ctx, scratch);
    if (priced.costMicroUsd !== null && ctx.provider) ctx.costMicroUsd = priced.costMicroUsd;
    const key = ctx.principal.kind === 'key' ? ctx.principal.key : undefined;
    if (key && ctx.usage) this.tokens.record(key, ctx.usage.totalTokens);
    const row = usageRowFor(ctx, priced, Date.now(), performance.now());
    await this.writer.enqueue({ usage: row, settlement: key ? this.settlement(ctx, key, priced, scratch) : undefined });
  }

  /** Reserves the most any allowed target can cost; targets without a price are dropped under `deny`. */
  private async reserve(
    ctx: RequestContext,
    key: ApiKeyEntity,
    route: ResolvedRoute,
    targets: RouteTarget[],
    scratch: Scratch,
  ): Promise<RouteTarget[]> {
    const units = worstCaseUnits(ctx.operation, ctx.body);
    const worst = units
      ? undefined
      : await worstCaseUsage(ctx.body, ctx.operation, route.defaults?.max_tokens, this.config.accounting.defaultMaxTokens);
    const kept: RouteTarget[] = [];
    let most = 0;
    for (const target of targets) {
      // Served with the key's own provider key: the provider bills its owner, not these credits.
      if (ctx.providerKeys?.[target.provider.id]) {
        kept.push(target);
        continue;
      }
      const cost = units
        ? this.prices.unitsCost(target.provider.registration, target.model, units)
        : await this.worstTokenCost(target, worst as BillableUsage, scratch);
      if (cost === undefined && this.config.accounting.unknownPrice === 'deny') continue;
      kept.push(target);
      if (cost !== undefined) most = Math.max(most, cost);
    }
    if (kept.length === 0) {
      const names = targets.map((t) => targetId(t.provider.id, t.model)).join(', ');
      throw new ForbiddenError(
        `No price is known for ${names}, and requests with unknown prices are refused for keys with credits ` +
          `(accounting.unknownPrice: deny). An admin can add it under "prices:" in the config file.`,
      );
    }
    if (most > 0) {
      let holdId = await this.credits.reserve(key.id, most, ctx.requestId);
      // Earlier requests' unused reservations come back when their settlements are written:
      // on the way to a 402 only, write them now and try once more.
      if (!holdId && this.writer.settling(key.id)) {
        await this.writer.flush();
        holdId = await this.credits.reserve(key.id, most, ctx.requestId);
      }
      if (!holdId) throw new GatewayError('insufficient_credits', await this.credits.shortfall(key.id, most));
      scratch.holdId = holdId;
      scratch.reservedMicroUsd = most;
    }
    return kept;
  }

  /** The token price of a target applied to the worst case; the quote is kept for afterRequest. */
  private async worstTokenCost(target: RouteTarget, worst: BillableUsage, scratch: Scratch): Promise<number | undefined> {
    const quote = await this.prices.lookup(target.provider, target.model, true);
    scratch.quotes.set(targetId(target.provider.id, target.model), quote);
    return quote ? costMicroUsd(quote.price, worst) : undefined;
  }

  /** Price × usage (or × media units) of the target that served; nothing served costs nothing. */
  private async price(ctx: RequestContext, scratch: Scratch | undefined): Promise<Priced> {
    const byok = ctx.provider !== undefined && ctx.providerKeys?.[ctx.provider] !== undefined;
    if (!ctx.provider || !ctx.model) return { costMicroUsd: 0, unpriced: false, byok };
    const provider = ctx.route?.targets.find((t) => t.provider.id === ctx.provider)?.provider;
    if (ctx.units) {
      const cost = provider ? this.prices.unitsCost(provider.registration, ctx.model, ctx.units) : undefined;
      return cost === undefined ? { costMicroUsd: null, unpriced: true, byok } : { costMicroUsd: cost, unpriced: false, byok };
    }
    if (!ctx.usage) return { costMicroUsd: 0, unpriced: false, byok };
    const id = targetId(ctx.provider, ctx.model);
    let quote = scratch?.quotes.get(id);
    if (!scratch?.quotes.has(id)) quote = provider ? await this.prices.lookup(provider, ctx.model, false) : undefined;
    if (!quote) return { costMicroUsd: null, unpriced: true, byok };
    return { costMicroUsd: costMicroUsd(quote.price, ctx.usage), unpriced: false, byok };
  }

  /** Releases the hold and charges the cost; an overrun of the reservation is charged too (and logged). */
  private settlement(ctx: RequestContext, key: ApiKeyEntity, priced: Priced, scratch: Scratch | undefined): Settlement | undefined {
    if (key.balanceMicroUsd === null && !scratch?.holdId) return undefined;
    const charge = priced.byok || priced.costMicroUsd === null ? 0 : priced.costMicroUsd;
    if (!scratch?.holdId && charge === 0) return undefined;
    if (scratch && charge > scratch.reservedMicroUsd) {
      this.logger.warn(
        `Request ${ctx.requestId} cost ${charge} µUSD, more than its reservation of ${scratch.reservedMicroUsd} µUSD; charged in full.`,
      );
    }
    return { keyId: key.id, holdId: scratch?.holdId ?? null, chargeMicroUsd: charge, requestId: ctx.requestId.slice(0, 128) };
  }
}

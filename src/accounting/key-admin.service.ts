import { Injectable } from '@nestjs/common';
import { InvalidRequestError } from '../errors/gateway-error.js';
import type { ApiKeyEntity } from '../keys/api-key.entity.js';
import { ApiKeysService, type KeyPatch, type NewKey } from '../keys/api-keys.service.js';
import { warmTokenizer } from '../routing/token-counter.js';
import { ProviderKeysService } from './byok/provider-keys.service.js';
import { CreditsService } from './credits/credits.service.js';

export interface NewMeteredKey extends Omit<NewKey, 'balanceMicroUsd'> {
  /** Opening credits; undefined for an unlimited (metered only) key. */
  creditsMicroUsd?: number;
}

/** Changes to a key; a field left undefined stays, null clears it. */
export interface KeyChanges extends Omit<KeyPatch, 'providerKeys'> {
  /** A string sets that provider's own key, null removes it. */
  providerKeys?: Record<string, unknown>;
}

/** Key administration with its accounting side (opening credits on the ledger, sealed provider keys), for REST and GraphQL alike. */
@Injectable()
export class KeyAdminService {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly credits: CreditsService,
    private readonly providerKeys: ProviderKeysService,
  ) {}

  /** Opening credits are a ledger entry like any other, so the balance always equals the ledger's sum. */
  async create(input: NewMeteredKey): Promise<{ entity: ApiKeyEntity; key: string }> {
    const { creditsMicroUsd, ...rest } = input;
    const created = await this.keys.create({ ...rest, balanceMicroUsd: creditsMicroUsd === undefined ? null : 0 });
    // Requests on a key with credits count prompt tokens; load the tokenizer here, not in its first request.
    if (creditsMicroUsd !== undefined) await warmTokenizer();
    if (creditsMicroUsd) {
      return { entity: await this.credits.addCredits(created.entity.id, creditsMicroUsd, 'opening balance'), key: created.key };
    }
    return created;
  }

  async update(id: string, changes: KeyChanges): Promise<ApiKeyEntity> {
    const current = await this.keys.getOrThrow(id);
    const { providerKeys, ...fields } = changes;
    if (fields.name === null) throw new InvalidRequestError('name cannot be null', 'name');
    const patch: KeyPatch = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
    if (providerKeys !== undefined)
      patch.providerKeys = this.providerKeys.apply(id, current.providerKeys, checkedProviderKeys(providerKeys));
    return this.keys.update(id, patch);
  }

  addCredits(id: string, amountMicroUsd: number, note: string | null): Promise<ApiKeyEntity> {
    return this.credits.addCredits(id, amountMicroUsd, note);
  }

  reservedMicroUsd(id: string): Promise<number> {
    return this.credits.reservedMicroUsd(id);
  }
}

function checkedProviderKeys(raw: Record<string, unknown>): Record<string, string | null> {
  const checked: Record<string, string | null> = {};
  for (const [provider, value] of Object.entries(raw)) {
    if (value !== null && (typeof value !== 'string' || value.trim() === '')) {
      throw new InvalidRequestError(
        `providerKeys.${provider} must be a non-empty string, or null to remove it`,
        `providerKeys.${provider}`,
      );
    }
    checked[provider] = value === null ? null : value.trim();
  }
  return checked;
}

import { Injectable } from '@nestjs/common';
import { KeyAdminService } from '../../accounting/key-admin.service.js';
import type { ApiKeyEntity } from '../../keys/api-key.entity.js';
import type { Credits } from '../ports/credits.port.js';

/** `addCredits` through accounting's key administration, as POST /admin/keys/{id}/credits: a ledger entry per movement. */
@Injectable()
export class LedgerCredits implements Credits {
  constructor(private readonly admin: KeyAdminService) {}

  add(keyId: string, amountMicroUsd: number): Promise<ApiKeyEntity> {
    return this.admin.addCredits(keyId, amountMicroUsd, null);
  }
}

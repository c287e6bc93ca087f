import { request } from 'undici';

export interface MintedKey {
  id: string;
  /** The client key itself (`sy_live_…`). */
  key: string;
}

/** A key's credits as the admin API reports them, in integer micro-USD. */
export interface KeyCredits {
  /** Null for an unlimited (metered only) key. */
  balanceMicroUsd: number | null;
  /** Held by requests whose settlement is not written yet. */
  reservedMicroUsd: number;
}

const toMicro = (usd: number): number => Math.round(usd * 1_000_000);

/** The gateway's admin endpoints the bench needs: minting keys and reading their balance. */
export class AdminApi {
  constructor(
    private readonly origin: string,
    private readonly adminKey: string,
  ) {}

  /** `creditsUsd` opens a balance; without it the key is unlimited. */
  async mintKey(name: string, creditsUsd?: number): Promise<MintedKey> {
    const { status, json } = await this.call('POST', '/admin/keys', { name, creditsUsd });
    const created = json as { id?: string; key?: string };
    if (status !== 201 || !created.id || !created.key) throw new Error(`minting a client key failed: ${status} ${JSON.stringify(json)}`);
    return { id: created.id, key: created.key };
  }

  async credits(keyId: string): Promise<KeyCredits> {
    const { status, json } = await this.call('GET', `/admin/keys/${keyId}`);
    const key = json as { balanceUsd?: number | null; reservedUsd?: number };
    if (status !== 200 || key.reservedUsd === undefined) throw new Error(`reading key ${keyId} failed: ${status} ${JSON.stringify(json)}`);
    return { balanceMicroUsd: key.balanceUsd == null ? null : toMicro(key.balanceUsd), reservedMicroUsd: toMicro(key.reservedUsd) };
  }

  private async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    const res = await request(`${this.origin}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.adminKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.statusCode, json: await res.body.json() };
  }
}

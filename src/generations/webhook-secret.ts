import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';

export interface WebhookSecretSource {
  secret: string;
  /** Where a generated secret is kept; undefined when it came from SWITCHYARD_WEBHOOK_SECRET. */
  file?: string;
}

/**
 * SWITCHYARD_WEBHOOK_SECRET, or one generated at first start into
 * `<data dir>/webhook.secret` (mode 0600) so receivers can verify signatures
 * across restarts. Several instances must share the variable.
 */
export function resolveWebhookSecret(configured: string | undefined, dataDir: string): WebhookSecretSource {
  if (configured) return { secret: configured };
  const file = resolve(join(dataDir, 'webhook.secret'));
  if (existsSync(file)) return { secret: readFileSync(file, 'utf8').trim(), file };
  mkdirSync(dataDir, { recursive: true });
  const secret = `whsec_${randomBytes(24).toString('hex')}`;
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { secret, file };
}

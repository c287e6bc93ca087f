import { describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhook } from './webhook-signature.js';

describe('webhook signatures', () => {
  const secret = 'whsec_0123456789abcdef';
  const body = '{"type":"generation.succeeded"}';

  it('signs "<t>.<body>" with HMAC-SHA256', () => {
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(signWebhook(secret, body, 1_700_000_000)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('verifies its own signatures and refuses tampering, other secrets and stale timestamps', () => {
    const header = signWebhook(secret, body, 1_700_000_000);
    expect(verifyWebhook(secret, body, header, 1_700_000_100)).toBe(true);
    expect(verifyWebhook(secret, `${body} `, header, 1_700_000_100)).toBe(false);
    expect(verifyWebhook('whsec_other_secret_00', body, header, 1_700_000_100)).toBe(false);
    expect(verifyWebhook(secret, body, header, 1_700_001_000)).toBe(false);
    expect(verifyWebhook(secret, body, 'garbage', 1_700_000_000)).toBe(false);
  });
});

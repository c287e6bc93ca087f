/** Key-like tokens as providers echo them (OpenAI masks `sk-ab***cd`, still too much to repeat). */
const KEY_PATTERN = /\b(sk-[A-Za-z0-9_*.-]{3,}|sk-or-v1-[A-Za-z0-9*]+|hf_[A-Za-z0-9*]{3,}|sy_(?:live|admin)_[A-Za-z0-9_]+)|Bearer\s+\S+/g;

/** Replaces exactly the given secrets and nothing else, so raw JSON stays parseable. */
export function redactKnown(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 6) out = out.split(secret).join('[redacted]');
  }
  return out;
}

/** Removes anything secret-looking from text that may reach a client or a log. */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  return redactKnown(text, secrets).replace(KEY_PATTERN, '[redacted]');
}

/** `<P>_<SUFFIX>` for provider id `<p>` (contract §1): `huggingface-inference` → `HUGGINGFACE_INFERENCE_API_KEY`. */
export function envName(providerId: string, suffix: 'API_KEY' | 'BASE_URL'): string {
  return `${providerId.toUpperCase().replace(/-/g, '_')}_${suffix}`;
}

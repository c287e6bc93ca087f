/**
 * `*` matches one or more characters including `/`, because Hugging Face model ids
 * contain slashes (`/models/facebook/bart-large-cnn`, PROVIDERS.md §6).
 */
export function matchesPath(pattern: string, path: string): boolean {
  if (!pattern.includes('*')) return pattern === path;
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.+');
  return new RegExp(`^${source}$`).test(path);
}

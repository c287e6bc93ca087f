/**
 * A metric's child per label combination, looked up by one joined string.
 * prom-client hashes a label object (sorting its keys) on every inc/observe;
 * the hot path calls these several times per request.
 */
export function labelled<T>(metric: { labels(...values: string[]): T }): (...values: string[]) => T {
  const children = new Map<string, T>();
  return (...values) => {
    const key = values.join('\u0001');
    let child = children.get(key);
    if (child === undefined) {
      child = metric.labels(...values);
      children.set(key, child);
    }
    return child;
  };
}

/**
 * Any vendor's image list as OpenAI's `{created, data: [{b64_json | url, revised_prompt?}]}`:
 * Together adds `index`/`type` per item and an `id`; Venice answers in OpenAI's shape already.
 */
export function toOpenAIImages(json: unknown): { created: number; data: Array<Record<string, unknown>> } {
  const root = (json ?? {}) as { created?: unknown; data?: unknown };
  const items = Array.isArray(root.data) ? (root.data as Array<Record<string, unknown>>) : [];
  const data = items.map((item) => {
    const image: Record<string, unknown> = {};
    if (typeof item.b64_json === 'string') image.b64_json = item.b64_json;
    if (typeof item.url === 'string') image.url = item.url;
    if (typeof item.revised_prompt === 'string') image.revised_prompt = item.revised_prompt;
    return image;
  });
  return { created: typeof root.created === 'number' ? root.created : Math.floor(Date.now() / 1000), data };
}

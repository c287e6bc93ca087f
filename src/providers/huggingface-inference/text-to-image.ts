import { InvalidRequestError } from '../../errors/gateway-error.js';

/**
 * An OpenAI images body as the task API's text-to-image input: `{inputs: prompt,
 * parameters}` with `size` as width/height (hub-docs tasks/text-to-image). The
 * answer is the image's bytes, one image per call.
 */
export function toTextToImageBody(body: Record<string, unknown>): Record<string, unknown> {
  if (typeof body.prompt !== 'string' || !body.prompt) throw new InvalidRequestError('prompt must be a non-empty string', 'prompt');
  const parameters: Record<string, unknown> = { ...((body.parameters as Record<string, unknown> | undefined) ?? {}) };
  const size = typeof body.size === 'string' ? /^(\d+)x(\d+)$/.exec(body.size) : null;
  if (size) {
    parameters.width ??= Number(size[1]);
    parameters.height ??= Number(size[2]);
  }
  for (const field of ['negative_prompt', 'num_inference_steps', 'guidance_scale', 'seed']) {
    if (body[field] !== undefined) parameters[field] ??= body[field];
  }
  return Object.keys(parameters).length > 0 ? { inputs: body.prompt, parameters } : { inputs: body.prompt };
}

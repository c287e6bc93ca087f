export { FakeUpstream } from './fake-upstream.js';
export type { RecordedRequest } from './recorded-request.js';
export type {
  BodyStep,
  DropStep,
  HangStep,
  HeaderMap,
  JsonStep,
  RouteHandler,
  ScriptStep,
  SseResponseStep,
  SseStep,
} from './script-step.types.js';
export type { ToolCallSpec, UsageSpec } from './flavors/chat-chunks.js';
export { goDuration } from './flavors/go-duration.js';
export * as compatible from './flavors/compatible.js';
export * as openai from './flavors/openai.js';
export * as openrouter from './flavors/openrouter.js';
export * as together from './flavors/together.js';
export * as togetherVideos from './flavors/together-videos.js';
export * as featherless from './flavors/featherless.js';
export * as venice from './flavors/venice.js';
export * as veniceAudio from './flavors/venice-audio.js';
export * as huggingface from './flavors/huggingface.js';

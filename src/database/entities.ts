import { GenerationEntity } from '../generations/generation.entity.js';
import { ApiKeyEntity } from '../keys/api-key.entity.js';

export const ENTITIES = [ApiKeyEntity, GenerationEntity];

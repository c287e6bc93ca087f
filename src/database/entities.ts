import { ApiKeyEntity } from '../keys/api-key.entity.js';

export const ENTITIES = [ApiKeyEntity];

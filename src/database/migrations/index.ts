import { CreateApiKeys1763800000000 } from './1763800000000-create-api-keys.js';

/** Every migration in order; TypeORM runs the ones a database has not seen. */
export const MIGRATIONS = [CreateApiKeys1763800000000];

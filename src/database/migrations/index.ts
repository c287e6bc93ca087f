import { CreateApiKeys1763800000000 } from './1763800000000-create-api-keys.js';
import { Accounting1763900000000 } from './1763900000000-accounting.js';
import { CreateGenerations1764100000000 } from './1764100000000-create-generations.js';

/** Every migration in order; TypeORM runs the ones a database has not seen. */
export const MIGRATIONS = [CreateApiKeys1763800000000, Accounting1763900000000, CreateGenerations1764100000000];

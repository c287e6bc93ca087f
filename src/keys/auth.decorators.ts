import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'switchyard:public';
export const ADMIN_ROUTE = 'switchyard:admin';

/** No key needed (health, metrics, docs). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/** Only the admin key. */
export const AdminOnly = (): MethodDecorator & ClassDecorator => SetMetadata(ADMIN_ROUTE, true);

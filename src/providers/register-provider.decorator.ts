import { DiscoveryService } from '@nestjs/core';
import type { ProviderMetadata, ProviderRegistration, ProviderType } from './provider.types.js';

/** Marker read by ProviderRegistry through Nest's discovery. */
export const ProviderMarker = DiscoveryService.createDecorator<ProviderRegistration>();

/** Registers a class as provider `id` of `type`; the registry finds it at start-up. */
export function RegisterProvider(type: ProviderType, id: string, metadata: ProviderMetadata): ClassDecorator {
  return ProviderMarker({ type, id, metadata });
}

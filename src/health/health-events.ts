import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Subject, type Observable } from 'rxjs';
import type { ProviderHealthChange } from './provider-health.types.js';

/**
 * Provider status changes as they happen on this instance. The GraphQL
 * `providerHealth` subscription (and anything else) subscribes to `changes`.
 */
@Injectable()
export class HealthEvents implements OnApplicationShutdown {
  private readonly subject = new Subject<ProviderHealthChange>();
  readonly changes: Observable<ProviderHealthChange> = this.subject.asObservable();

  publish(change: ProviderHealthChange): void {
    this.subject.next(change);
  }

  onApplicationShutdown(): void {
    this.subject.complete();
  }
}

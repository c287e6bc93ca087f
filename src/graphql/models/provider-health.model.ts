import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum ProviderStatus {
  UP = 'up',
  DEGRADED = 'degraded',
  DOWN = 'down',
  UNKNOWN = 'unknown',
  DISABLED = 'disabled',
}
registerEnumType(ProviderStatus, {
  name: 'ProviderStatus',
  valuesMap: {
    UNKNOWN: { description: 'Enabled but not seen yet (no traffic, no probe).' },
    DISABLED: { description: 'Not configured (no upstream key).' },
  },
});

export enum CircuitState {
  CLOSED = 'closed',
  OPEN = 'open',
  HALF_OPEN = 'half_open',
}
registerEnumType(CircuitState, { name: 'CircuitState' });

@ObjectType('ProviderHealth', { description: 'Health and circuit state of one provider, as the health monitor sees it.' })
export class ProviderHealthModel {
  @Field() provider!: string;
  @Field(() => ProviderStatus) status!: ProviderStatus;
  @Field(() => CircuitState) circuit!: CircuitState;
  @Field(() => Float, { nullable: true }) latencyMs!: number | null;
  @Field(() => Float, { nullable: true, description: 'Share of failed requests in the recent window, 0 to 1.' }) errorRate!: number | null;
  @Field(() => Int, { nullable: true }) usableKeys!: number | null;
  @Field(() => String, { nullable: true, description: 'Sanitised; never contains keys.' }) lastError!: string | null;
  @Field(() => Date, { nullable: true, description: 'The latest active probe, on any instance; null before the first.' })
  checkedAt!: Date | null;
}

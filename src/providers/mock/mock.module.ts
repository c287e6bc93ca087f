import { Module } from '@nestjs/common';
import { MockProvider } from './mock.provider.js';

@Module({ providers: [MockProvider] })
export class MockModule {}

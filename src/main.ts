import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';

@Controller()
class HelloController {
  @Get('/hello') hello(): { ok: boolean } { return { ok: true }; }
}
@Module({ controllers: [HelloController] })
export class AppModule {}

export async function start(port: number): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), { logger: false });
  await app.listen(port, '127.0.0.1');
  return app;
}

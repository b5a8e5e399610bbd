// Contender: NestJS on the Fastify adapter with `app.enableCors(StrictMvc
// options)` (@fastify/cors underneath).
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { STRICT_MVC_CORS_OPTIONS } from '../lib/shared.mjs';
import { BenchAppModule, listenNest } from './nest-app.mjs';

const app = await NestFactory.create(BenchAppModule, new FastifyAdapter(), { logger: ['error', 'warn'] });
app.enableCors({ ...STRICT_MVC_CORS_OPTIONS });
await listenNest(app);

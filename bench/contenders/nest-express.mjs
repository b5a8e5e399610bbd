// Contender: what a NestJS user gets by default: the Express adapter and
// `app.enableCors(StrictMvc options)` (expressjs/cors underneath).
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { STRICT_MVC_CORS_OPTIONS } from '../lib/shared.mjs';
import { BenchAppModule, listenNest } from './nest-app.mjs';

const app = await NestFactory.create(BenchAppModule, new ExpressAdapter(), { logger: ['error', 'warn'] });
app.enableCors({ ...STRICT_MVC_CORS_OPTIONS });
await listenNest(app);

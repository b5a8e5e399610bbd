// Contender: bare Fastify + @fastify/cors with the StrictMvc options and a
// POST /users/user/login route (the preflight never reaches it).
import Fastify from 'fastify';
import cors from '@fastify/cors';
import { STRICT_MVC_CORS_OPTIONS } from '../lib/shared.mjs';

const app = Fastify({ logger: false });
await app.register(cors, { ...STRICT_MVC_CORS_OPTIONS });
app.post('/users/user/login', async () => ({ ok: true }));
const host = process.env.HOST ?? '127.0.0.1';
await app.listen({ port: Number(process.env.PORT ?? 0), host });
console.log(`Listening on http://${host}:${app.server.address().port}`);
const stop = () => app.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

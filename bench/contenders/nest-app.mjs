// A minimal Nest app with one controller (POST /users/user/login), built without
// TypeScript: decorators applied as functions, as tsc would emit them.
import 'reflect-metadata';
import { Controller, HttpCode, Module, Post } from '@nestjs/common';

class LoginController {
  login() {
    return { ok: true };
  }
}
const descriptor = Object.getOwnPropertyDescriptor(LoginController.prototype, 'login');
Post('login')(LoginController.prototype, 'login', descriptor);
HttpCode(200)(LoginController.prototype, 'login', descriptor);
Controller('users/user')(LoginController);

export class BenchAppModule {}
Module({ controllers: [LoginController] })(BenchAppModule);

export async function listenNest(app) {
  app.enableShutdownHooks();
  const host = process.env.HOST ?? '127.0.0.1';
  await app.listen(Number(process.env.PORT ?? 0), host);
  console.log(`Listening on http://${host}:${app.getHttpServer().address().port}`);
}

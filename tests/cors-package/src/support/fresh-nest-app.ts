/**
 * The sources of a new Nest 11 app that uses the packed @corsway/cors the
 * way its README's quick start says: named policies, handler beats
 * controller, @DisableCors, a guard's 401, and (with `--typo`) a misspelt
 * policy name, which must stop start-up.
 */
export function freshNestAppFiles(adapter: 'express' | 'fastify'): Record<string, string> {
  const adapterImport = adapter === 'express'
    ? "import { ExpressAdapter } from '@nestjs/platform-express';"
    : "import { FastifyAdapter } from '@nestjs/platform-fastify';";
  const adapterNew = adapter === 'express' ? 'new ExpressAdapter()' : 'new FastifyAdapter()';
  return {
    'tsconfig.json': JSON.stringify({
      compilerOptions: {
        module: 'node16', moduleResolution: 'node16', target: 'es2022', strict: true, outDir: 'dist', rootDir: 'src',
        experimentalDecorators: true, emitDecoratorMetadata: true, skipLibCheck: true, types: ['node'],
      },
      include: ['src'],
    }, null, 2),
    // The same sources type-checked with the older resolution (typesVersions instead of exports).
    'tsconfig.node10.json': JSON.stringify({ extends: './tsconfig.json', compilerOptions: { module: 'commonjs', moduleResolution: 'node10', noEmit: true } }, null, 2),
    'src/app.module.ts': `import { Controller, Get, Injectable, Module, UnauthorizedException, UseGuards, type CanActivate } from '@nestjs/common';
import { CorsModule, CorsPolicyBuilder, DisableCors, EnableCors } from '@corsway/cors';

@Injectable()
class TokenGuard implements CanActivate {
  canActivate(): boolean {
    throw new UnauthorizedException('token required');
  }
}

@EnableCors('StrictMvc')           // controller-wide
@Controller('account')
export class AccountController {
  @Get('profile') profile() { return { page: 'profile' }; }     // StrictMvc

  @EnableCors('AllowAll')          // handler beats controller
  @Get('public') publicInfo() { return { page: 'public' }; }

  @DisableCors()                   // no CORS at all here
  @Get('internal') internal() { return { page: 'internal' }; }

  @UseGuards(TokenGuard)
  @Get('me') me() { return { page: 'me' }; }
}

const policies = {
  AllowAll: new CorsPolicyBuilder('AllowAll').allowAnyOrigin().allowAnyHeader().allowAnyMethod().build(),
  StrictMvc: new CorsPolicyBuilder('StrictMvc')
    .withOrigins('http://localhost:7152')
    .withHeaders('Content-Type', 'Authorization')
    .withMethods('GET', 'POST')
    .build(),
};

@Module({ imports: [CorsModule.forRoot({ policies, defaultPolicy: 'AllowAll' })], controllers: [AccountController] })
export class AppModule {}

@Controller('typo')
class TypoController {
  @EnableCors('StrictMcv') @Get() get() { return {}; }
}

@Module({ imports: [CorsModule.forRoot({ policies, defaultPolicy: 'AllowAll' })], controllers: [TypoController] })
export class TypoModule {}
`,
    'src/main.ts': `import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
${adapterImport}
import { AppModule, TypoModule } from './app.module';

async function bootstrap() {
  const root = process.argv.includes('--typo') ? TypoModule : AppModule;
  const app = await NestFactory.create(root, ${adapterNew}, { logger: ['error'], abortOnError: false });
  await app.listen(0, '127.0.0.1');
  console.log(\`Listening on \${await app.getUrl()}\`);
}
bootstrap().catch((e: Error) => {
  console.error(\`start-up failed: \${e.name}: \${e.message}\`);
  process.exit(1);
});
`,
    // The subpaths resolve through the exports map (module node16) with their types.
    'src/diagnostics-check.ts': `import { CorsPolicyBuilder } from '@corsway/cors';
import { explainFromPolicy, needsPreflight } from '@corsway/cors/diagnostics';
import { CORS_HTTP_CASES } from '@corsway/cors/testing';

const strict = new CorsPolicyBuilder('StrictMvc').withOrigins('http://localhost:7152').withMethods('GET', 'POST').build();
const r = explainFromPolicy({ url: 'http://api.test/x', origin: 'http://localhost:7152', method: 'PUT' }, strict);
console.log(JSON.stringify({ needsPreflight: needsPreflight({ url: 'http://api.test/x', origin: 'http://a.test', method: 'PUT' }),
  corsError: r.failure?.corsError, cases: CORS_HTTP_CASES.length > 0 }));
`,
    'cors.json': JSON.stringify({ defaultPolicy: 'StrictMvc', policies: { StrictMvc: { origins: ['http://localhost:7152'], headers: ['Content-Type'], methods: ['GET', 'POST'] } } }),
  };
}

import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createUserServiceApp, type UserServiceAppOptions } from '../app/create-user-service-app';
import type { UserServiceConfig } from '../app/config/user-service.config';
import { USER_REPOSITORY, type UserRepository } from '../app/persistence/user.repository';
import { createTestStorage, type Engine, type TestStorage } from './engines';
import { TestClock } from './test-clock';

export interface TestApp {
  url: string;
  app: NestFastifyApplication;
  repo: UserRepository;
  clock: TestClock;
  storage: TestStorage;
  /** Every log line written, parsed. */
  logs: Record<string, unknown>[];
  close(): Promise<void>;
}

export interface TestAppOptions extends Omit<UserServiceAppOptions, 'config' | 'clock' | 'logStream'> {
  config?: Partial<UserServiceConfig>;
  /** Reuse storage (restart tests); otherwise fresh storage is created and disposed. */
  storage?: TestStorage;
}

// Generous limits so suites that are not about throttling (or the hash-queue bound) never trip them;
// every request of a suite comes from 127.0.0.1, one client address.
const RELAXED = {
  throttle: { ipLimit: 10_000, accountLimit: 10_000, windowSeconds: 60 },
  lockout: { maxFailures: 1_000, windowSeconds: 900, lockSeconds: 900 },
  hashQueueLimit: 10_000,
};

/** The real app, real database, real HTTP on 127.0.0.1:0. */
export async function startTestApp(engine: Engine, options: TestAppOptions = {}): Promise<TestApp> {
  const storage = options.storage ?? (await createTestStorage(engine));
  const clock = new TestClock();
  const logs: Record<string, unknown>[] = [];
  const app = await createUserServiceApp({
    ...options,
    env: options.env ?? { NODE_ENV: 'test', LOG_LEVEL: 'info' },
    clock: clock.now,
    config: { dataDir: storage.dataDir, databaseUrl: storage.databaseUrl, ...RELAXED, ...options.config },
    logStream: { write: (line: string) => void logs.push(JSON.parse(line)) },
  });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    repo: app.get<UserRepository>(USER_REPOSITORY),
    clock,
    storage,
    logs,
    close: async () => {
      try {
        await app.close();
      } finally {
        if (!options.storage) await storage.dispose();
      }
    },
  };
}

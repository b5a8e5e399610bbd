import { randomUUID } from 'node:crypto';
import { ENGINES, createTestStorage, type TestStorage } from '../../test/engines';
import { createUserRepository } from './create-user-repository';
import { DuplicateUserError } from './duplicate-user.error';
import { MIGRATIONS } from './migrations';
import type { RefreshTokenRecord, UserRepository } from './user.repository';

// The repository contract, run against both engines.
describe.each(ENGINES)('UserRepository contract on %s', (engine) => {
  let storage: TestStorage;
  let repo: UserRepository;

  beforeAll(async () => {
    storage = await createTestStorage(engine);
    repo = createUserRepository(storage.databaseUrl);
    await repo.migrate();
  });
  afterAll(async () => {
    await repo.close();
    await storage.dispose();
  });

  const user = (name: string, email = `${name}@example.com`) => ({
    id: randomUUID(),
    email,
    userName: name,
    displayName: name,
    passwordHash: 'hash',
    createdAt: 1_700_000_000_000,
  });

  const token = (userId: string, over: Partial<RefreshTokenRecord> = {}): RefreshTokenRecord => ({
    id: randomUUID(),
    tokenHash: randomUUID(),
    userId,
    clientId: 'web',
    familyId: randomUUID(),
    parentId: null,
    createdAt: 1,
    expiresAt: 9_000_000_000_000,
    idleExpiresAt: 9_000_000_000_000,
    consumedAt: null,
    revokedAt: null,
    ...over,
  });

  it('applies every migration once, records it in schema_migrations, and is idempotent', async () => {
    await repo.migrate();
    expect(await repo.appliedMigrations()).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('seeds the web client (a browser) and the cli client (not one) in the schema, and upserts clients', async () => {
    expect(await repo.findClient('web')).toEqual({ id: 'web', name: expect.any(String), browser: true });
    expect(await repo.findClient('cli')).toEqual({ id: 'cli', name: expect.any(String), browser: false });
    expect(await repo.findClient('WEB')).toBeNull();
    await repo.upsertClient({ id: 'app', name: 'one', browser: false });
    await repo.upsertClient({ id: 'app', name: 'two', browser: true });
    expect(await repo.findClient('app')).toEqual({ id: 'app', name: 'two', browser: true });
  });

  it('finds a user by email or user name, case-insensitively, with large timestamps intact', async () => {
    const u = await repo.createUser(user('Alice'));
    expect(await repo.findUserByEmailOrUserName('alice')).toEqual(u);
    expect(await repo.findUserByEmailOrUserName('ALICE@EXAMPLE.COM')).toEqual(u);
    expect(await repo.findUserById(u.id)).toEqual(u);
    expect(await repo.findUserByEmailOrUserName('nobody')).toBeNull();
  });

  it.each([
    ['email', () => user('bob1', 'BOB@example.com'), () => user('bob2', 'bob@EXAMPLE.com'), 'Email'],
    ['user name', () => user('Carol', 'c1@example.com'), () => user('cAROL', 'c2@example.com'), 'UserName'],
  ])('the database rejects a duplicate %s differing only in case', async (_what, first, second, field) => {
    await repo.createUser(first());
    await expect(repo.createUser(second())).rejects.toEqual(new DuplicateUserError(field as 'Email' | 'UserName'));
  });

  it('lets exactly one of many concurrent registrations of one name win', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => repo.createUser(user(i % 2 ? 'Racer' : 'racer', `racer${i}@example.com`))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateUserError);
    }
  });

  it('stores SQL meta-characters literally (parameterised queries)', async () => {
    const name = `o'brien"; DROP TABLE users; --`;
    const u = await repo.createUser(user('obrien', 'x@example.com'));
    const evil = await repo.createUser({ ...user('evil', `e@example.com`), displayName: name });
    expect((await repo.findUserById(evil.id))?.displayName).toBe(name);
    expect(await repo.findUserByEmailOrUserName(`' OR '1'='1`)).toBeNull();
    expect(await repo.findUserById(u.id)).not.toBeNull();
  });

  it('rotates a refresh token once: the second rotation of the same token does nothing', async () => {
    const u = await repo.createUser(user('dave'));
    const t = token(u.id);
    await repo.insertRefreshToken(t);
    const next = token(u.id, { familyId: t.familyId, parentId: t.id });
    expect(await repo.rotateRefreshToken(t.id, 5, next)).toBe('rotated');
    expect(await repo.rotateRefreshToken(t.id, 6, token(u.id, { familyId: t.familyId, parentId: t.id }))).toBe(
      'already-consumed',
    );
    expect(await repo.findRefreshToken(t.tokenHash)).toMatchObject({ consumedAt: 5 });
    expect(await repo.findRefreshToken(next.tokenHash)).toEqual({ ...next, consumedAgoMs: null });
  });

  it("measures how long ago a token was consumed on the database's clock, whatever the caller's clock said", async () => {
    const u = await repo.createUser(user('dbclock'));
    const t = token(u.id);
    await repo.insertRefreshToken(t);
    // The instance that consumed it claims a time 1 hour in the future (a skewed clock).
    await repo.rotateRefreshToken(t.id, Date.now() + 3_600_000, token(u.id, { familyId: t.familyId, parentId: t.id }));
    const first = (await repo.findRefreshToken(t.tokenHash))!.consumedAgoMs!;
    expect(first).toBeGreaterThanOrEqual(0);
    expect(first).toBeLessThan(1_000);
    await new Promise((r) => setTimeout(r, 250));
    const later = (await repo.findRefreshToken(t.tokenHash))!.consumedAgoMs!;
    expect(later - first).toBeGreaterThanOrEqual(200);
    expect(later - first).toBeLessThan(1_500);
  });

  it('lets exactly one of 30 concurrent rotations win, and writes exactly one successor', async () => {
    const u = await repo.createUser(user('erin'));
    const t = token(u.id);
    await repo.insertRefreshToken(t);
    const successors = Array.from({ length: 30 }, () => token(u.id, { familyId: t.familyId, parentId: t.id }));
    const results = await Promise.all(successors.map((s, i) => repo.rotateRefreshToken(t.id, 10 + i, s)));
    expect(results.filter((r) => r === 'rotated')).toHaveLength(1);
    const written = await Promise.all(successors.map((s) => repo.findRefreshToken(s.tokenHash)));
    expect(written.filter(Boolean)).toHaveLength(1);
  });

  it('never leaves a live successor in a revoked family when revocation races rotation (40 families at once)', async () => {
    const u = await repo.createUser(user('racy'));
    const families = await Promise.all(
      Array.from({ length: 40 }, async () => {
        const current = token(u.id);
        await repo.insertRefreshToken(current);
        return current;
      }),
    );
    const successors = await Promise.all(
      families.map(async (current) => {
        const next = token(u.id, { familyId: current.familyId, parentId: current.id });
        // The legitimate rotation and a replay's family revocation, started together.
        const [rotation] = await Promise.all([
          repo.rotateRefreshToken(current.id, 10, next),
          repo.revokeFamily(current.familyId, 11),
        ]);
        return rotation === 'rotated' ? next : null;
      }),
    );
    for (const next of successors.filter((n): n is RefreshTokenRecord => n !== null)) {
      expect((await repo.findRefreshToken(next.tokenHash))?.revokedAt).not.toBeNull();
    }
  });

  it('does not rotate a revoked token', async () => {
    const u = await repo.createUser(user('fred'));
    const t = token(u.id, { revokedAt: 3 });
    await repo.insertRefreshToken(t);
    expect(await repo.rotateRefreshToken(t.id, 5, token(u.id))).toBe('already-consumed');
  });

  it('revokes a whole family, and all of a user, leaving others alone', async () => {
    const a = await repo.createUser(user('gina'));
    const b = await repo.createUser(user('hank'));
    const fam = randomUUID();
    const a1 = token(a.id, { familyId: fam });
    const a2 = token(a.id, { familyId: fam, parentId: a1.id });
    const a3 = token(a.id);
    const b1 = token(b.id);
    for (const t of [a1, a2, a3, b1]) await repo.insertRefreshToken(t);

    expect(await repo.revokeFamily(fam, 100)).toBe(2);
    expect((await repo.findRefreshToken(a2.tokenHash))?.revokedAt).toBe(100);
    expect((await repo.findRefreshToken(a3.tokenHash))?.revokedAt).toBeNull();

    expect(await repo.revokeAllForUser(a.id, 200)).toBe(1);
    expect((await repo.findRefreshToken(a3.tokenHash))?.revokedAt).toBe(200);
    expect((await repo.findRefreshToken(a1.tokenHash))?.revokedAt).toBe(100); // first revocation time kept
    expect((await repo.findRefreshToken(b1.tokenHash))?.revokedAt).toBeNull();
  });

  it('answers ping and counts users', async () => {
    await expect(repo.ping()).resolves.toBeUndefined();
    expect(await repo.countUsers()).toBeGreaterThan(0);
  });
});

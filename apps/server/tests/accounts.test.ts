import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectApiError } from './support/api-error.ts';
import { describeOnEachDatabase } from './support/each-database.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

describeOnEachDatabase('password accounts', (server) => {
  const userCount = async () =>
    Number(
      (
        await server()
          .running.services.db.selectFrom('users')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('signs up, logs in, and knows who is calling', async () => {
    const { email, password, user } = await server().signUp('Ada');
    expect(user).toMatchObject({ email, name: 'Ada' });
    expect(user.createdAt).toBeInstanceOf(Date);

    const session = await server().client().auth.logIn.mutate({ email, password });
    expect(session.tokenType).toBe('Bearer');
    expect(session.expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(await server().client(session.accessToken).auth.me.query()).toEqual(user);
  });

  it('treats an email without regard to case or surrounding spaces', async () => {
    const { email, password, user } = await server().signUp('Grace');
    const session = await server()
      .client()
      .auth.logIn.mutate({ email: `  ${email.toUpperCase()} `, password });
    expect(session.user.id).toBe(user.id);
  });

  it('refuses a second account for the same email, whatever its case, with EMAIL_TAKEN', async () => {
    const { email } = await server().signUp('Linus');
    const before = await userCount();
    await expectApiError(
      server()
        .client()
        .auth.signUp.mutate({ email: email.toUpperCase(), password: 'another password', name: 'L' }),
      {
        appCode: 'EMAIL_TAKEN',
        httpStatus: 409,
      },
    );
    expect(await userCount()).toBe(before);
  });

  it('refuses a wrong password and an unknown email with one and the same error', async () => {
    const { email } = await server().signUp('Barbara');
    const wrongPassword = await expectApiError(
      server().client().auth.logIn.mutate({ email, password: 'not it at all' }),
      {
        appCode: 'INVALID_CREDENTIALS',
        httpStatus: 401,
      },
    );
    const unknownEmail = await expectApiError(
      server().client().auth.logIn.mutate({ email: 'nobody-here@example.com', password: 'not it at all' }),
      { appCode: 'INVALID_CREDENTIALS', httpStatus: 401 },
    );
    expect(unknownEmail.message).toBe(wrongPassword.message);
  });

  it('refuses a sign-up with invalid input, naming every problem, and creates nothing', async () => {
    const before = await userCount();
    const error = await expectApiError(
      server().client().auth.signUp.mutate({ email: 'not-an-email', password: 'short', name: '' }),
      { appCode: 'VALIDATION_FAILED', httpStatus: 400 },
    );
    expect(error.data?.issues?.map((issue) => issue.path.join('.')).sort()).toEqual([
      'email',
      'name',
      'password',
    ]);
    expect(await userCount()).toBe(before);
  });

  it('refuses auth.me without a credential, naming the scheme to use', async () => {
    await expectApiError(server().client().auth.me.query(), {
      appCode: 'UNAUTHORIZED',
      httpStatus: 401,
      message:
        'Authentication is required: send Authorization: Bearer <access token or API key>, or Basic <email:password>.',
    });
  });

  it('refuses a malformed token and a token signed by a key the server does not hold', async () => {
    await expectApiError(server().client('not.a.jwt').auth.me.query(), {
      appCode: 'UNAUTHORIZED',
      message: 'The access token is invalid.',
    });
    const { user } = await server().signUp('Mallory');
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ scope: 'account:read' })
      .setProtectedHeader({ alg: 'ES256', kid: 'forged', typ: 'at+jwt' })
      .setSubject(user.id)
      .setIssuer('charter')
      .setAudience('charter-api')
      .setExpirationTime('10m')
      .sign(privateKey);
    await expectApiError(server().client(forged).auth.me.query(), {
      appCode: 'UNAUTHORIZED',
      message: 'The access token is invalid.',
    });
  });

  it('refuses a credential that lacks a scope the procedure needs with 403, naming the scope', async () => {
    const { user } = await server().signUp('Narrow');
    const { services } = server().running;
    const { sessionId } = await services.sessions.start(user.id);
    const { token } = await services.tokens.issue({ userId: user.id, scopes: ['account:read'], sessionId });
    expect((await server().client(token).auth.me.query()).id).toBe(user.id);
    await expectApiError(server().client(token).projects.create.mutate({ name: 'Nope' }), {
      appCode: 'FORBIDDEN',
      httpStatus: 403,
      message: 'This credential lacks the scope projects:write.',
    });
    await expectApiError(server().client(token).projects.list.query(), {
      appCode: 'FORBIDDEN',
      message: 'This credential lacks the scope projects:read.',
    });
  });

  it('stores the password only as an argon2id hash, and never logs it or the token', async () => {
    const { email, password, accessToken, user } = await server().signUp('Secretive');
    await server().client().auth.logIn.mutate({ email, password });
    const row = await server()
      .running.services.db.selectFrom('users')
      .select('password_hash')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const logs = server().logs.join('');
    expect(logs).toContain('/trpc/auth.logIn');
    expect(logs).not.toContain(password);
    expect(logs).not.toContain(accessToken);
  });
});

describe('access token expiry', () => {
  let now = new Date();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite', { now: () => now, env: { ACCESS_TOKEN_TTL_SECONDS: '60' } });
  });
  afterAll(() => server.close());

  it('accepts a token until it expires, then refuses it saying so', async () => {
    now = new Date();
    const { client, accessToken } = await server.signUp('Tick');
    now = new Date(now.getTime() + 59_000);
    await expect(client.auth.me.query()).resolves.toBeDefined();
    now = new Date(now.getTime() + 2_000);
    await expectApiError(server.client(accessToken).auth.me.query(), {
      appCode: 'UNAUTHORIZED',
      message: 'The access token has expired; log in again.',
    });
  });
});

import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { hashPassword } from '../src/security/passwords.ts';
import { apiError } from './support/api-error.ts';
import { describeOnEachDatabase } from './support/each-database.ts';

const repetitive =
  'Too easy to guess: it repeats or runs through a sequence (like aaaaaaaa, 12345678 or qwertyui).';
const common = 'Too easy to guess: it is on a list of common and breached passwords.';

// NIST SP 800-63B on both surfaces: a new password is neither common nor trivially repetitive.
describeOnEachDatabase('new passwords', (server) => {
  const newEmail = () => `pw-${randomUUID().slice(0, 8)}@example.com`;
  const accountExists = async (email: string) =>
    (await server()
      .running.services.db.selectFrom('users')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirst()) !== undefined;

  it.each([
    ['12345678', repetitive],
    ['password', common],
    [' '.repeat(12), repetitive],
    ['Sunshine', common],
    ['abcabcabc', repetitive],
  ])('refuses %j at sign-up over tRPC, saying why, and creates nothing', async (password, message) => {
    const email = newEmail();
    const refused = await apiError(server().client().auth.signUp.mutate({ email, password, name: 'Weak' }));
    expect(refused.data).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400 });
    expect(refused.data?.issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: ['password'], message })]),
    );
    expect(await accountExists(email)).toBe(false);
  });

  it.each([
    ['12345678', repetitive],
    ['password', common],
    [' '.repeat(12), repetitive],
  ])('refuses %j at sign-up over REST with a problem naming the field', async (password, message) => {
    const email = newEmail();
    const response = await fetch(`${server().url}/api/v1/auth/sign-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password, name: 'Weak' }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await response.json()) as { issues: { path: string[]; message: string }[] };
    expect(problem.issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: ['password'], message })]),
    );
    expect(await accountExists(email)).toBe(false);
  });

  it('accepts a password of a few words', async () => {
    const email = newEmail();
    const session = await server()
      .client()
      .auth.signUp.mutate({ email, password: 'violet kettle orbit', name: 'Strong' });
    expect(session.user.email).toBe(email);
  });

  it('still logs in with an old password that no longer meets the rules', async () => {
    const email = newEmail();
    await server()
      .running.services.db.insertInto('users')
      .values({ id: randomUUID(), email, name: 'Old timer', password_hash: await hashPassword('12345678') })
      .execute();
    const session = await server().client().auth.logIn.mutate({ email, password: '12345678' });
    expect(session.user.email).toBe(email);
  });
});

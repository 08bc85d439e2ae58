import { c } from '../procedure-builder.ts';
import { LogInInput, Session, SignUpInput, User } from '../schemas/user.ts';

export const auth = {
  signUp: c.mutation({
    summary: 'Create an account',
    description: 'Creates a password account and returns a session, as log-in would.',
    auth: 'public',
    rest: { method: 'POST', path: '/auth/sign-up' },
    errors: ['EMAIL_TAKEN'],
    input: SignUpInput,
    output: Session,
    examples: [
      {
        title: 'Sign up',
        input: { email: 'ada@example.com', password: 'correct horse battery', name: 'Ada Lovelace' },
      },
    ],
  }),
  logIn: c.mutation({
    summary: 'Log in with email and password',
    description: 'Returns a short-lived access token to send as `Authorization: Bearer <accessToken>`.',
    auth: 'public',
    rest: { method: 'POST', path: '/auth/log-in' },
    errors: ['INVALID_CREDENTIALS'],
    input: LogInInput,
    output: Session,
    examples: [{ title: 'Log in', input: { email: 'ada@example.com', password: 'correct horse battery' } }],
  }),
  me: c.query({
    summary: 'The account behind the credential',
    auth: 'required',
    scopes: ['account:read'],
    rest: { method: 'GET', path: '/auth/me' },
    output: User,
  }),
};

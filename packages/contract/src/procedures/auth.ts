import * as z from 'zod';
import { c } from '../procedure-builder.ts';
import { LogInInput, RefreshInput, Session, SignUpInput, User } from '../schemas/user.ts';
import { ada, logInSession, refreshedSession, signUpSession } from './example-values.ts';

export const auth = {
  signUp: c.mutation({
    // Not for AI agents: it hands out or ends a credential.
    mcp: false,
    // Its answer carries a secret, which a stored answer to replay would keep.
    idempotency: 'ignored',
    budget: 'auth',
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
        input: { email: ada.email, password: 'correct horse battery', name: ada.name },
        output: signUpSession,
      },
    ],
  }),
  logIn: c.mutation({
    // Not for AI agents: it hands out or ends a credential.
    mcp: false,
    // Its answer carries a secret, which a stored answer to replay would keep.
    idempotency: 'ignored',
    budget: 'auth',
    summary: 'Log in with email and password',
    description: 'Returns a short-lived access token to send as `Authorization: Bearer <accessToken>`.',
    auth: 'public',
    rest: { method: 'POST', path: '/auth/log-in' },
    errors: ['INVALID_CREDENTIALS'],
    input: LogInInput,
    output: Session,
    examples: [
      {
        title: 'Log in',
        input: { email: ada.email, password: 'correct horse battery' },
        output: logInSession,
      },
    ],
  }),
  refresh: c.mutation({
    // Not for AI agents: it hands out or ends a credential.
    mcp: false,
    // Its answer carries a secret, which a stored answer to replay would keep.
    idempotency: 'ignored',
    budget: 'auth',
    summary: 'Trade a refresh token for a new session pair',
    description:
      'Returns a new access token and a new refresh token; the one presented stops working. Presenting a refresh token a second time revokes the whole session.',
    auth: 'public',
    rest: { method: 'POST', path: '/auth/refresh' },
    errors: ['INVALID_REFRESH_TOKEN'],
    input: RefreshInput,
    output: Session,
    examples: [
      {
        title: 'Refresh before the access token expires',
        input: { refreshToken: logInSession.refreshToken },
        output: refreshedSession,
      },
    ],
  }),
  logOut: c.mutation({
    // Not for AI agents: it hands out or ends a credential.
    mcp: false,
    // Ending a session twice ends it once anyway; and it is done through the sessions service,
    // outside the call's database transaction an Idempotency-Key would run it in.
    idempotency: 'ignored',
    budget: 'auth',
    summary: 'End a session',
    description:
      'Revokes the session of this refresh token: its refresh token and every access token it issued stop working at once.',
    auth: 'public',
    rest: { method: 'POST', path: '/auth/log-out' },
    input: RefreshInput,
    output: z.object({ loggedOut: z.literal(true) }),
    examples: [
      {
        title: 'Log out',
        input: { refreshToken: refreshedSession.refreshToken },
        output: { loggedOut: true },
      },
    ],
  }),
  me: c.query({
    summary: 'The account behind the credential',
    auth: 'required',
    scopes: ['account:read'],
    rest: { method: 'GET', path: '/auth/me' },
    output: User,
    examples: [{ title: "The caller's own account", input: undefined, output: ada }],
  }),
};

import type { ApiKey } from '../schemas/api-key.ts';
import type { OAuthApp } from '../schemas/oauth-app.ts';
import type { Member, Project } from '../schemas/project.ts';
import type { Task } from '../schemas/task.ts';
import type { Session, User } from '../schemas/user.ts';
import { scopeNames } from '../scopes.ts';

// One small world for every worked example: Ada's "Launch" project in March 2030. Every credential
// has the format the server issues but says EXAMPLE, so nobody mistakes it for a leaked secret.

export const ada = {
  id: '3f6c2a1e-8b4d-4e2f-9a7c-5d1b0e6f4a21',
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  plan: 'default',
  createdAt: new Date('2030-03-01T09:00:00.000Z'),
} satisfies User;

export const grace = {
  id: '7d2e9b40-1c3a-4f85-b6e1-0a9c8d7f5e32',
  email: 'grace@example.com',
  name: 'Grace Hopper',
  plan: 'default',
  createdAt: new Date('2030-03-02T08:15:00.000Z'),
} satisfies User;

export const launch = {
  id: 'c1a5e0d2-4b7f-4c39-8e16-2f0d9a3b7c54',
  name: 'Launch',
  description: 'Everything for the launch',
  role: 'owner',
  createdAt: new Date('2030-03-02T10:00:00.000Z'),
  updatedAt: new Date('2030-03-02T10:00:00.000Z'),
} satisfies Project;

export const adaAsOwner = {
  userId: ada.id,
  email: ada.email,
  name: ada.name,
  role: 'owner',
  joinedAt: launch.createdAt,
} satisfies Member;

export const graceAsMember = {
  userId: grace.id,
  email: grace.email,
  name: grace.name,
  role: 'member',
  joinedAt: new Date('2030-03-02T10:30:00.000Z'),
} satisfies Member;

export const venueTask = {
  id: '9a0f3d6c-5e1b-4a72-b4d8-1e7c2f9a6b03',
  projectId: launch.id,
  title: 'Book the venue',
  description: null,
  status: 'in_progress',
  dueDate: new Date('2030-03-08T12:00:00.000Z'),
  labels: ['venue'],
  assigneeId: grace.id,
  createdBy: ada.id,
  createdAt: new Date('2030-03-02T11:00:00.000Z'),
  updatedAt: new Date('2030-03-03T15:30:00.000Z'),
} satisfies Task;

export const pressReleaseTask = {
  id: 'e4b1c7a9-0d2e-4f63-a815-6c3b9d0e2f71',
  projectId: launch.id,
  title: 'Write the press release',
  description: 'One page: what launches, when, and whom to call.',
  status: 'todo',
  dueDate: new Date('2030-03-11T17:00:00.000Z'),
  labels: ['press', 'writing'],
  assigneeId: ada.id,
  createdBy: ada.id,
  createdAt: new Date('2030-03-04T10:00:00.000Z'),
  updatedAt: new Date('2030-03-04T10:00:00.000Z'),
} satisfies Task;

/** A task created with a title only: every other field has its default. */
export const checklistTask = {
  id: '5c8e2a7f-3b1d-4e90-8f6a-9d4c0b2e1a58',
  projectId: launch.id,
  title: 'Draft the launch checklist',
  description: null,
  status: 'todo',
  dueDate: null,
  labels: [],
  assigneeId: null,
  createdBy: ada.id,
  createdAt: new Date('2030-03-04T10:05:00.000Z'),
  updatedAt: new Date('2030-03-04T10:05:00.000Z'),
} satisfies Task;

export const ciApiKey = {
  id: 'b7e3f1a0-2c9d-4e58-8a16-d4f0c2e9b735',
  name: 'CI dashboard',
  prefix: 'chk_0123456789abcdef',
  scopes: ['projects:read', 'tasks:read'],
  createdAt: new Date('2030-03-04T09:00:00.000Z'),
  expiresAt: null,
  lastUsedAt: null,
  revokedAt: null,
  plan: null,
} satisfies ApiKey;
export const ciApiKeySecret = 'chk_0123456789abcdef_EXAMPLE_not_a_real_key_00000000000000000000';

export const revokedApiKey = {
  id: '2a9d7c1e-6f30-4b8a-9e52-c7d1f0a3b846',
  name: 'Laptop script',
  prefix: 'chk_89abcdef01234567',
  scopes: ['tasks:read', 'tasks:write'],
  createdAt: new Date('2030-03-01T12:00:00.000Z'),
  expiresAt: null,
  lastUsedAt: new Date('2030-03-03T17:55:12.000Z'),
  revokedAt: new Date('2030-03-03T18:00:00.000Z'),
  plan: null,
} satisfies ApiKey;

export const dashboardApp = {
  clientId: 'cha_0123456789abcdef00c0ffee',
  name: 'Reporting dashboard',
  redirectUris: ['https://dashboard.example.com/oauth/callback'],
  confidential: true,
  scopes: ['projects:read', 'tasks:read'],
  createdAt: new Date('2030-03-04T09:30:00.000Z'),
} satisfies OAuthApp;
export const dashboardAppSecret = 'chs_EXAMPLE_not_a_real_client_secret_0000000000';

export const cliApp = {
  clientId: 'cha_fedcba987654321000c0ffee',
  name: 'Launch CLI',
  redirectUris: ['http://127.0.0.1:8976/callback'],
  confidential: false,
  scopes: ['projects:read', 'tasks:read', 'tasks:write'],
  createdAt: new Date('2030-03-04T09:45:00.000Z'),
} satisfies OAuthApp;

/** Base64url without padding, as JWTs and cursors write it (ASCII input only). */
function base64url(text: string): string {
  return btoa(text).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

const accessTokenTtlMs = 15 * 60_000;
const sessionTtlMs = 30 * 86_400_000;

/** A session as auth.signUp, auth.logIn and auth.refresh return it, with an unsigned example JWT. */
function session(options: {
  sessionId: string;
  tokenId: string;
  issuedAt: Date;
  startedAt: Date;
  refreshToken: string;
}) {
  const { sessionId, tokenId, issuedAt, startedAt, refreshToken } = options;
  const expiresAt = new Date(issuedAt.getTime() + accessTokenTtlMs);
  const header = { alg: 'ES256', kid: 'f5d3b1a9-8e7c-4a62-9d40-b2c6e8f0a417', typ: 'at+jwt' };
  const claims = {
    scope: scopeNames.join(' '), // a password session carries every scope
    sid: sessionId,
    sub: ada.id,
    iss: 'charter',
    aud: 'charter-api',
    iat: issuedAt.getTime() / 1000,
    exp: expiresAt.getTime() / 1000,
    jti: tokenId,
  };
  const signature = 'EXAMPLE_signature_not_valid_0000000000000000000000000000000000000000000000000000000000';
  return {
    accessToken: [base64url(JSON.stringify(header)), base64url(JSON.stringify(claims)), signature].join('.'),
    tokenType: 'Bearer',
    expiresAt,
    refreshToken,
    refreshTokenExpiresAt: new Date(startedAt.getTime() + sessionTtlMs),
    user: ada,
  } satisfies Session;
}

export const signUpSession = session({
  sessionId: '6b1d9e3a-0f7c-4a28-9e5d-2c8b4f1a0d67',
  tokenId: 'a3c5e7f9-1b2d-4f60-8a4c-6e8f0a2b4c6d',
  issuedAt: ada.createdAt,
  startedAt: ada.createdAt,
  refreshToken: 'chr_EXAMPLE_refresh_token_from_sign_up_00000000',
});

const logInAt = new Date('2030-03-04T08:30:00.000Z');
const logInSessionId = '0e8f2d4b-7a1c-4d93-b6e5-3f9a1c0d7e28';

export const logInSession = session({
  sessionId: logInSessionId,
  tokenId: 'd4e6f8a0-2c3e-4071-9b5d-7f9a1b3c5d7e',
  issuedAt: logInAt,
  startedAt: logInAt,
  refreshToken: 'chr_EXAMPLE_refresh_token_from_log_in_000000000',
});

/** The same session after a refresh: new tokens, same end. */
export const refreshedSession = session({
  sessionId: logInSessionId,
  tokenId: '1e3f5a7b-9c0d-4e2f-a4b6-c8d0e2f4a6b8',
  issuedAt: new Date('2030-03-04T08:44:00.000Z'),
  startedAt: logInAt,
  refreshToken: 'chr_EXAMPLE_refresh_token_after_refresh_0000000',
});

/** The cursor after Venue and Press release in open tasks by due date, as apps/server/src/pagination writes it. */
export const openTasksCursor = base64url(
  JSON.stringify({
    s: 'dueDate',
    o: 'asc',
    k: pressReleaseTask.dueDate.toISOString(),
    i: pressReleaseTask.id,
  }),
);

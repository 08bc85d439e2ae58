import { defineErrors } from '@charter/rpc';
import { limits } from './limits.ts';

/** The API's error catalogue: the toolkit's built-in errors plus the domain's own. */
export const errors = defineErrors({
  EMAIL_TAKEN: {
    status: 409,
    message: 'An account with this email already exists.',
    description: 'Sign-up with an email that is already registered. Log in instead.',
  },
  INVALID_CREDENTIALS: {
    status: 401,
    message: 'The email or password is incorrect.',
    description: 'Log-in failed. The message is the same whether or not the account exists.',
  },
  INVALID_REFRESH_TOKEN: {
    status: 401,
    message: 'The refresh token is invalid, expired, revoked or already used; log in again.',
    description:
      'Each refresh token works once. Presenting one a second time revokes its whole session, in case it was stolen.',
  },
  API_KEY_LIMIT_REACHED: {
    status: 409,
    message: 'You have reached the limit of active API keys; revoke one first.',
    description: `An account holds at most ${limits.activeApiKeysPerUserMax} keys that are neither revoked nor expired.`,
  },
  OAUTH_APP_LIMIT_REACHED: {
    status: 409,
    message: 'You have reached the limit of OAuth apps; delete one first.',
    description: `An account registers at most ${limits.oauthAppsPerUserMax} apps.`,
  },
  INVALID_CURSOR: {
    status: 400,
    message: 'The pagination cursor is invalid.',
    description: 'Pass back `nextCursor` exactly as received, with the same `sort` and `order`.',
  },
  USER_NOT_FOUND: {
    status: 404,
    message: 'No account has this email.',
    description: 'A member can only be added once they have signed up.',
  },
  ALREADY_A_MEMBER: {
    status: 409,
    message: 'This user is already a member of the project.',
  },
  MEMBER_LIMIT_REACHED: {
    status: 409,
    message: 'The project has reached its member limit.',
    description: `A project has at most ${limits.membersPerProjectMax} members, its owner included.`,
  },
  OWNER_IS_FIXED: {
    status: 409,
    message: "The project owner's membership cannot be changed or removed.",
  },
  ASSIGNEE_NOT_A_MEMBER: {
    status: 400,
    message: 'The assignee must be a member of the project.',
  },
});

export type ErrorCode = keyof typeof errors;

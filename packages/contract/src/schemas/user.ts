import * as z from 'zod';
import { limits } from '../limits.ts';
import { Email, Id, line, secretText, token } from './common.ts';
import { isCommonPassword, isTriviallyRepetitive } from './password.ts';
import { Plan } from './usage.ts';

export { isCommonPassword, isTriviallyRepetitive, loadCommonPasswords } from './password.ts';

export const UserName = line(limits.userNameMaxLength);
/**
 * A new password (sign-up, or any change): long enough, not trivially repetitive, and not on a
 * list of common and breached passwords (NIST SP 800-63B), once `loadCommonPasswords` has loaded
 * it: the server does before serving, a web app before checking a new password.
 */
export const Password = secretText(limits.passwordMinLength, limits.passwordMaxLength)
  // One reason at a time: a password too short, or already refused, is not also called common.
  .refine((password) => !isTriviallyRepetitive(password), {
    when: ({ issues }) => issues.length === 0,
    message:
      'Too easy to guess: it repeats or runs through a sequence (like aaaaaaaa, 12345678 or qwertyui).',
  })
  .refine((password) => !isCommonPassword(password), {
    when: ({ issues }) => issues.length === 0,
    message: 'Too easy to guess: it is on a list of common and breached passwords.',
  })
  .describe(
    `${limits.passwordMinLength} to ${limits.passwordMaxLength} characters, neither trivially repetitive (aaaaaaaa, 12345678, qwertyui) nor on a list of common and breached passwords.`,
  );

export const User = z.object({
  id: Id,
  email: z.string(),
  name: z.string(),
  plan: Plan.describe('The rate-limit plan your calls draw on; an API key may carry a smaller one.'),
  createdAt: z.date(),
});

export const SignUpInput = z.object({ email: Email, password: Password, name: UserName });
export const LogInInput = z.object({
  email: Email,
  // Not the sign-up rules: an old password that no longer meets them must still be refused the same way.
  password: secretText(1, limits.passwordMaxLength),
});

export const Session = z.object({
  accessToken: z.string().describe('Send it as `Authorization: Bearer <accessToken>`.'),
  tokenType: z.literal('Bearer'),
  expiresAt: z.date().describe('When the access token stops working.'),
  refreshToken: z.string().describe('Trade it once, with auth.refresh, for a new access and refresh token.'),
  refreshTokenExpiresAt: z.date().describe('When the session ends, however often it is refreshed.'),
  user: User,
});

export const RefreshInput = z.object({ refreshToken: token(200) });

export type User = z.infer<typeof User>;
export type Session = z.infer<typeof Session>;

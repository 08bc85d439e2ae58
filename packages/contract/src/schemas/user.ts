import * as z from 'zod';
import { limits } from '../limits.ts';
import { Email, Id, line } from './common.ts';

export const UserName = line(limits.userNameMaxLength);
export const Password = z
  .string()
  .min(limits.passwordMinLength)
  .max(limits.passwordMaxLength)
  .describe(`${limits.passwordMinLength} to ${limits.passwordMaxLength} characters.`);

export const User = z.object({
  id: Id,
  email: z.string(),
  name: z.string(),
  createdAt: z.date(),
});

export const SignUpInput = z.object({ email: Email, password: Password, name: UserName });
export const LogInInput = z.object({
  email: Email,
  // Not the sign-up rules: an old password that no longer meets them must still be refused the same way.
  password: z.string().min(1).max(limits.passwordMaxLength),
});

export const Session = z.object({
  accessToken: z.string().describe('Send it as `Authorization: Bearer <accessToken>`.'),
  tokenType: z.literal('Bearer'),
  expiresAt: z.date().describe('When the access token stops working.'),
  refreshToken: z.string().describe('Trade it once, with auth.refresh, for a new access and refresh token.'),
  refreshTokenExpiresAt: z.date().describe('When the session ends, however often it is refreshed.'),
  user: User,
});

export const RefreshInput = z.object({ refreshToken: z.string().min(1).max(200) });

export type User = z.infer<typeof User>;
export type Session = z.infer<typeof Session>;

import * as z from 'zod';
import { limits } from '../limits.ts';
import { DelegableScope } from './api-key.ts';
import { line } from './common.ts';

const loopbackHosts = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * Where the authorization server may send a user back: matched exactly, so it is stored exactly.
 * https, or http on a loopback address for native and development apps (RFC 8252); no fragment.
 */
export const RedirectUri = z
  .string()
  .max(limits.redirectUriMaxLength)
  .refine((value) => URL.canParse(value), { error: 'Must be an absolute URL.' })
  .refine(
    (value) => {
      if (!URL.canParse(value)) return true;
      const url = new URL(value);
      return url.protocol === 'https:' || (url.protocol === 'http:' && loopbackHosts.has(url.hostname));
    },
    { error: 'Must use https, or http on 127.0.0.1, [::1] or localhost.' },
  )
  .refine((value) => !value.includes('#'), { error: 'Must not have a fragment.' });

export const OAuthApp = z.object({
  clientId: z.string(),
  name: z.string(),
  redirectUris: z.array(z.string()),
  /** Confidential apps (servers) hold a secret; public ones (browser, mobile) rely on PKCE alone. */
  confidential: z.boolean(),
  /** The most an access token for this app may carry. */
  scopes: z.array(DelegableScope),
  createdAt: z.date(),
});

export const CreateOAuthAppInput = z.object({
  name: line(limits.oauthAppNameMaxLength),
  redirectUris: z.array(RedirectUri).min(1).max(limits.redirectUrisPerAppMax),
  confidential: z.boolean(),
  scopes: z.array(DelegableScope).min(1),
});

export const CreatedOAuthApp = z.object({
  clientId: z.string(),
  clientSecret: z.string().optional().describe('Confidential apps only. Shown only now: store it safely.'),
  app: OAuthApp,
});

export type OAuthApp = z.infer<typeof OAuthApp>;

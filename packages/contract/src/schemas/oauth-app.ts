import * as z from 'zod';
import { limits } from '../limits.ts';
import { DelegableScope } from './api-key.ts';
import { line } from './common.ts';

// RFC 8252 §7.3: loopback redirects use an IP literal, not `localhost` (which DNS could redirect).
const loopbackHosts = new Set(['127.0.0.1', '[::1]']);

function redirectUriProblem(value: string): string | undefined {
  if (!URL.canParse(value)) return 'Must be an absolute URL.';
  const url = new URL(value);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopbackHosts.has(url.hostname))) {
    return 'Must use https, or http on 127.0.0.1 or [::1].';
  }
  if (url.username || url.password) return 'Must not contain a user name or password.';
  if (url.hash || value.includes('#')) return 'Must not have a fragment.';
  if (url.hostname.endsWith('.')) return 'Must not end its host name with a dot.';
  // Matching is exact, so only one spelling is accepted: the one URL parsers write.
  if (url.href !== value) return `Must be written in canonical form: ${url.href}`;
  return undefined;
}

/** Where the authorization server may send a user back: matched exactly, so stored exactly. */
export const RedirectUri = z
  .string()
  .max(limits.redirectUriMaxLength)
  .check((ctx) => {
    const problem = redirectUriProblem(ctx.value);
    if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
  })
  .meta({
    format: 'uri',
    description:
      'An absolute URL: https, or http on 127.0.0.1 or [::1]; no user name, password or fragment; in canonical form (as URL parsers write it), since it is matched exactly.',
  });

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

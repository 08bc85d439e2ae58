import { describe, expect, it } from 'vitest';
import { isGuardedOAuthEndpoint } from './endpoint-budget.ts';

describe('isGuardedOAuthEndpoint', () => {
  it('guards the token, revocation and introspection endpoints', () => {
    for (const path of ['/oauth/token', '/oauth/revoke', '/oauth/introspect'])
      expect(isGuardedOAuthEndpoint(path)).toBe(true);
  });

  it('guards every spelling the router serves: any letter case, one trailing slash', () => {
    for (const path of [
      '/oauth/token/',
      '/OAuth/Token',
      '/OAUTH/TOKEN/',
      '/oauth/REVOKE/',
      '/oauth/Introspect',
    ])
      expect(isGuardedOAuthEndpoint(path)).toBe(true);
  });

  it('leaves alone what the router does not serve as those endpoints', () => {
    for (const path of ['/oauth/token//', '/oauth/tokens', '/oauth/authorize', '/oauth/jwks', '/oauth', '/'])
      expect(isGuardedOAuthEndpoint(path)).toBe(false);
  });
});

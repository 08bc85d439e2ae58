import type Provider from 'oidc-provider';
import type { OAuthServerOptions } from './provider.ts';

/**
 * The authorization server, built on its first use (the first OAuth request or OAuth token):
 * oidc-provider and all it loads cost a quarter of a second and ~30 MB, and most processes serve
 * neither for a while. A failed load is tried again by the next caller, not remembered.
 */
export function lazyOAuthProvider(options: OAuthServerOptions): () => Promise<Provider> {
  let provider: Promise<Provider> | undefined;
  return () => {
    if (!provider) {
      provider = import('./provider.ts').then(({ createOAuthProvider }) => createOAuthProvider(options));
      provider.catch(() => {
        provider = undefined;
      });
    }
    return provider;
  };
}

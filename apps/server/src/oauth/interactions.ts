import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type Provider from 'oidc-provider';
import { clientIpOf } from '../http/client-ip.ts';
import { checkPassword } from '../security/password-login.ts';
import type { Services } from '../services.ts';
import { consentPage, errorPage, loginPage } from './pages.ts';

// Only these routes parse form bodies: the provider's own routes must read the raw stream.
const formBody = express.urlencoded({ extended: false, limit: '8kb' });

// Forms here end in a redirect to the app, which a `form-action 'self'` policy would block.
const pagePolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'";

// oidc-provider loads with the authorization server, on the first OAuth request (src/server.ts).
const oidcProvider = () => import('oidc-provider');

type Handler = (req: Request, res: Response) => Promise<unknown>;
const handle = (handler: Handler) => (req: Request, res: Response, next: NextFunction) => {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Security-Policy', pagePolicy);
  handler(req, res).catch(next);
};

/** Log-in and consent for the authorization-code flow, at /oauth/interaction/:uid. */
export function interactionRoutes(loadProvider: () => Promise<Provider>, services: Services): Router {
  const router = express.Router();

  async function current(req: Request, res: Response, prompt?: 'login' | 'consent') {
    const provider = await loadProvider();
    const { errors } = await oidcProvider();
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== req.params.uid || (prompt && details.prompt.name !== prompt)) {
      throw new errors.SessionNotFound('interaction mismatch');
    }
    const client = await provider.Client.find(String(details.params.client_id));
    const name = client?.clientName ?? String(details.params.client_id);
    // An app that registered itself named itself: the user is told so before trusting the name.
    const selfRegistered = client?.metadata().self_registered === true;
    return {
      provider,
      errors,
      details,
      appName: selfRegistered ? `${name} (an app that registered itself)` : name,
    };
  }

  router.get(
    '/oauth/interaction/:uid',
    handle(async (req, res) => {
      const { details, appName } = await current(req, res);
      if (details.prompt.name === 'login')
        return res.type('html').send(loginPage({ uid: details.uid, appName }));
      if (details.prompt.name === 'consent') {
        const missing = (details.prompt.details.missingResourceScopes ?? {}) as Record<string, string[]>;
        const requested = [...new Set(Object.values(missing).flat())];
        return res.type('html').send(consentPage({ uid: details.uid, appName, requested }));
      }
      return res
        .status(400)
        .type('html')
        .send(errorPage('Cannot continue', `Unexpected step ${details.prompt.name}.`));
    }),
  );

  router.post(
    '/oauth/interaction/:uid/login',
    formBody,
    handle(async (req, res) => {
      const { provider, details, appName } = await current(req, res, 'login');
      const email = String(req.body?.email ?? '')
        .trim()
        .toLowerCase();
      const password = String(req.body?.password ?? '');
      const check = await checkPassword(services, { email, password, clientIp: clientIpOf(req) });
      if (!check.ok) {
        const error =
          check.reason === 'throttled'
            ? `Too many failed log-ins; try again in ${Math.ceil(check.retryAfterSeconds / 60)} minutes.`
            : 'The email or password is incorrect.';
        return res
          .status(check.reason === 'throttled' ? 429 : 401)
          .type('html')
          .send(loginPage({ uid: details.uid, appName, error }));
      }
      return provider.interactionFinished(
        req,
        res,
        { login: { accountId: check.userId } },
        { mergeWithLastSubmission: false },
      );
    }),
  );

  router.post(
    '/oauth/interaction/:uid/consent',
    formBody,
    handle(async (req, res) => {
      const { provider, errors, details } = await current(req, res, 'consent');
      const accountId = details.session?.accountId;
      if (!accountId) throw new errors.SessionNotFound('no logged-in account');
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId, clientId: String(details.params.client_id) });
      if (!grant) throw new errors.SessionNotFound('grant not found');
      const missing = (details.prompt.details.missingResourceScopes ?? {}) as Record<string, string[]>;
      for (const [resource, scopes] of Object.entries(missing))
        grant.addResourceScope(resource, scopes.join(' '));
      // OpenID scopes are never granted; rejecting them keeps the consent prompt from looping.
      const missingOpenId = details.prompt.details.missingOIDCScope as string[] | undefined;
      if (missingOpenId) grant.rejectOIDCScope(missingOpenId.join(' '));
      const grantId = await grant.save();
      return provider.interactionFinished(
        req,
        res,
        { consent: details.grantId ? {} : { grantId } },
        { mergeWithLastSubmission: true },
      );
    }),
  );

  router.post(
    '/oauth/interaction/:uid/abort',
    formBody,
    handle(async (req, res) =>
      (await loadProvider()).interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'The user denied access.' },
        { mergeWithLastSubmission: false },
      ),
    ),
  );

  router.use('/oauth/interaction', (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    oidcProvider().then(({ errors }) => {
      if (!(error instanceof errors.SessionNotFound)) return next(error);
      res
        .status(400)
        .type('html')
        .send(errorPage('This sign-in has expired', 'Start again from the app you came from.'));
    }, next);
  });
  return router;
}

import { contract, delegableScopeNames, events, scopeNames } from '@charter/contract';
import contractManifest from '@charter/contract/package.json' with { type: 'json' };
import { type OpenApiDocument, type OperationObject, openApiDocument } from '@charter/rpc/openapi';
import { type RestOperation, restOperations } from '@charter/rpc/server';
import { type BudgetSizes, defaultBudgets } from '../rate-limit/budgets-config.ts';
import { operationNotes } from './operation-notes.ts';
import { usageExample } from './usage-examples.ts';

/**
 * The OpenAPI 3.1 description of this server's REST surface: the contract's, with what only the
 * server knows (where it runs, its OAuth endpoints, which credential carries which scopes) and the
 * usage examples the docs show and the tests run, in each operation's description and `x-codeSamples`,
 * with its errors and budgets (sized as this server runs them) linked to the guides.
 */
export function apiDescription({
  origin,
  budgets = defaultBudgets,
}: {
  origin: string;
  budgets?: BudgetSizes;
}): OpenApiDocument {
  const document = openApiDocument(contract, {
    // The events the API will send to webhooks, described beside the calls it answers.
    events,
    info: {
      title: 'Charter API',
      // The API's version is its contract's: the version callers see is the one the release gate guards.
      version: contractManifest.version,
      description:
        'A task service: accounts, projects with members and roles, tasks with due dates, labels and live changes. ' +
        `[Guides](${origin}/docs), [errors](${origin}/docs/errors), [rate limits](${origin}/docs/guides/rate-limits), [API changes](${origin}/docs/guides/changes). Every operation speaks JSON and XML (\`Accept\`, \`Content-Type\`); errors are RFC 9457 problem details.`,
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: `${origin}/api/v1` }],
    externalDocs: {
      description: 'Guides: authentication, rate limits, errors, pagination, XML',
      url: `${origin}/docs`,
    },
    securitySchemes: {
      bearer: {
        scheme: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An access token from `POST /auth/log-in` (or sign-up, refresh), or an API key (`chk_…`).',
        },
        scopes: scopeNames,
      },
      apiKey: {
        scheme: {
          type: 'apiKey',
          in: 'header',
          name: 'X-API-Key',
          description: 'An API key from `POST /api-keys`.',
        },
        scopes: delegableScopeNames,
      },
      basic: {
        scheme: {
          type: 'http',
          scheme: 'basic',
          description: 'Your email and password, for scripts (`curl -u`).',
        },
        scopes: scopeNames,
      },
      oauth2: {
        scheme: {
          type: 'oauth2',
          description:
            'OAuth 2.0 (RFC 9700): authorization code with PKCE (S256) for an app acting for a user, client credentials for an app acting alone, on behalf of the account that registered it.',
          flows: {
            authorizationCode: {
              authorizationUrl: `${origin}/oauth/authorize`,
              tokenUrl: `${origin}/oauth/token`,
              refreshUrl: `${origin}/oauth/token`,
            },
            clientCredentials: { tokenUrl: `${origin}/oauth/token` },
          },
        },
        scopes: delegableScopeNames,
      },
    },
    budgets: {
      auth: `${budgets.auth.points} calls per ${budgets.auth.windowSeconds} s per client address, for sign-up, log-in and token calls`,
    },
    tags: {
      auth: 'Accounts and log-in sessions',
      apiKeys: 'API keys for scripts and servers',
      oauthApps: 'OAuth 2.0 apps',
      projects: 'Projects and their members',
      tasks: 'Tasks, their lists and live changes',
      usage: 'Your calls and refusals over time',
      system: 'Checks that the API answers',
    },
    responseHeaders: {
      'X-Request-Id': {
        description:
          'The id of this request in the server logs; send your own to trace a call across services.',
        schema: { type: 'string' },
      },
    },
  });
  for (const operation of restOperations(contract)) {
    const target = document.paths[operation.path]?.[operation.method.toLowerCase() as 'get'] as
      | (OperationObject & { 'x-codeSamples'?: unknown })
      | undefined;
    if (!target) throw new Error(`The OpenAPI document lacks ${operation.method} ${operation.path}`);
    target.description += `\n\n${operationNotes({ origin, document, operation, described: target, budgets })}`;
    addUsageExample(operation, target, origin);
  }
  return document;
}

function addUsageExample(
  operation: RestOperation,
  target: OperationObject & { 'x-codeSamples'?: unknown },
  origin: string,
): void {
  const example = usageExample(operation);
  const setUp = `${origin}/docs/guides/getting-started`;
  target.description += [
    '',
    '',
    '**Examples** (run by the test suite; ids and tokens are variables from earlier calls):',
    '',
    `curl, with \`$CHARTER_URL\` and \`$TOKEN\` from [Getting started](${setUp}#1-get-an-account-and-a-token):`,
    `\`\`\`sh\n${example.curl}\n\`\`\``,
    '',
    `TypeScript, with the typed client [\`@charter/client\`](${setUp}#from-typescript-with-the-typed-client):`,
    `\`\`\`ts\n${example.typescript}\n\`\`\``,
    '',
    `Python, with only the standard library and the [\`api\` helper](${setUp}#from-python-with-only-the-standard-library):`,
    `\`\`\`python\n${example.python}\n\`\`\``,
  ].join('\n');
  target['x-codeSamples'] = [
    { lang: 'Shell', label: 'curl', source: example.curl },
    { lang: 'TypeScript', label: '@charter/client', source: example.typescript },
    { lang: 'Python', label: 'Python (standard library)', source: example.python },
  ];
}

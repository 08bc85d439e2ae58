import type { ScopeCatalogue } from '../contract.ts';
import type { ProcedureMeta } from '../procedure.ts';
import type { SecuritySchemeOption } from './openapi-options.ts';
import type { OAuthFlowsObject, SecurityRequirement, SecuritySchemeObject } from './openapi-types.ts';

/** How the document states authentication: the schemes, and which of them each operation accepts. */
export interface SecurityPolicy {
  /** `components.securitySchemes`. */
  schemes: Record<string, SecuritySchemeObject>;
  /**
   * An operation's `security`: `[]` for a public one (a credential sent is ignored, so none is
   * asked for), otherwise one alternative per scheme able to carry every scope it needs.
   */
  requirementsOf(procedurePath: string, meta: Pick<ProcedureMeta, 'auth' | 'scopes'>): SecurityRequirement[];
}

/** Reads the options' schemes against the contract's scope catalogue. */
export function securityPolicy(
  scopes: ScopeCatalogue,
  options: Readonly<Record<string, SecuritySchemeOption>> = {},
): SecurityPolicy {
  const carried = new Map(
    Object.entries(options).map(([name, option]) => [name, carriedScopes(option, scopes)]),
  );
  for (const [name, names] of carried) {
    const unknown = names.filter((scope) => !Object.hasOwn(scopes, scope));
    if (unknown.length > 0)
      throw new Error(
        `Security scheme ${name} names ${unknown.join(', ')}, which the contract does not declare`,
      );
  }
  const schemes = Object.fromEntries(
    Object.entries(options).map(([name, { scheme }]) => [
      name,
      scheme.type === 'oauth2'
        ? { ...scheme, flows: withScopes(scheme.flows, pick(scopes, carried.get(name) ?? [])) }
        : scheme,
    ]),
  );

  return {
    schemes,
    requirementsOf(procedurePath, { auth, scopes: needed }) {
      if (auth === 'public') return [];
      const requirements = Object.entries(schemes)
        .filter(([name]) => needed.every((scope) => carried.get(name)?.includes(scope)))
        // OpenAPI lists scopes for OAuth 2.0 and OpenID Connect; for other schemes they would read as roles.
        .map(([name, scheme]) => ({
          [name]: scheme.type === 'oauth2' || scheme.type === 'openIdConnect' ? [...needed] : [],
        }));
      if (requirements.length === 0) {
        const what = needed.length > 0 ? `a credential with ${needed.join(', ')}` : 'authentication';
        throw new Error(`${procedurePath} requires ${what}, but no security scheme in the options offers it`);
      }
      return requirements;
    },
  };
}

/** What a scheme can carry: as the options say, else what its OAuth 2.0 flows list, else every scope. */
function carriedScopes(option: SecuritySchemeOption, scopes: ScopeCatalogue): readonly string[] {
  if (option.scopes) return option.scopes;
  if (option.scheme.type === 'oauth2') {
    const flows = Object.values(option.scheme.flows).filter((flow) => flow !== undefined);
    if (flows.length > 0 && flows.every((flow) => flow.scopes)) {
      return [...new Set(flows.flatMap((flow) => Object.keys(flow.scopes ?? {})))];
    }
  }
  return Object.keys(scopes);
}

function withScopes(
  flows: Extract<SecuritySchemeOption['scheme'], { type: 'oauth2' }>['flows'],
  scopes: Record<string, string>,
): OAuthFlowsObject {
  return Object.fromEntries(
    Object.entries(flows)
      .filter(([, flow]) => flow !== undefined)
      .map(([kind, flow]) => [kind, { ...flow, scopes: flow?.scopes ?? scopes }]),
  ) as OAuthFlowsObject;
}

function pick(scopes: ScopeCatalogue, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, scopes[name] as string]));
}

// The same generated API written four ways, each a folder that type-checks on its own: the zod schemas
// as plain typed functions (the baseline), a Charter contract, a tRPC router and an oRPC router, each
// with a client calling every procedure.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Field, NamespaceModel, ProcedureModel } from './api-model.ts';

export const variantNames = ['plain', 'charter', 'trpc', 'orpc'] as const;
export type VariantName = (typeof variantNames)[number];

type Files = Record<string, string>;

/** Writes `variant` of `api` into `dir` (emptied first). */
export function writeVariant({
  dir,
  variant,
  api,
}: {
  dir: string;
  variant: VariantName;
  api: NamespaceModel[];
}): void {
  rmSync(dir, { recursive: true, force: true });
  const files: Files = { 'tsconfig.json': tsconfig, ...sharedFiles(variant, api), ...sources[variant](api) };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** A call in the middle of the API, where the editor benchmark asks for completions. */
export function middleCall(api: NamespaceModel[]) {
  const namespace = api[Math.floor(api.length / 2)] as NamespaceModel;
  const procedure = namespace.procedures[Math.floor(namespace.procedures.length / 2)] as ProcedureModel;
  return {
    file: `callers/${namespace.name}.ts`,
    namespace: namespace.name,
    procedure: procedure.name,
    verb: verbOf(procedure),
  };
}

const tsconfig = `${JSON.stringify(
  {
    compilerOptions: {
      target: 'ES2023',
      lib: ['ES2023'],
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      noUncheckedIndexedAccess: true,
      verbatimModuleSyntax: true,
      allowImportingTsExtensions: true,
      skipLibCheck: true,
      noEmit: true,
      types: ['node'],
    },
    include: ['**/*.ts'],
  },
  null,
  2,
)}\n`;

function sharedFiles(variant: VariantName, api: NamespaceModel[]): Files {
  const files: Files = {};
  for (const namespace of api) {
    files[`schemas/${namespace.name}.ts`] = schemaModule(namespace);
    files[`callers/${namespace.name}.ts`] = callerModule(variant, namespace);
  }
  return files;
}

function schemaModule(namespace: NamespaceModel): string {
  const lines = ["import * as z from 'zod';", '', `export const Entity = ${objectSchema(namespace.entity)};`];
  namespace.procedures.forEach((procedure, index) => {
    lines.push(`export const In${index} = ${objectSchema(procedure.input)};`);
    lines.push(`export const Out${index} = ${objectSchema(procedure.output)};`);
  });
  return `${lines.join('\n')}\n`;
}

function objectSchema(fields: Field[]): string {
  return `z.object({\n${fields.map((field) => `  ${field.name}: ${field.schema},`).join('\n')}\n})`;
}

function callerModule(variant: VariantName, namespace: NamespaceModel): string {
  const calls = namespace.procedures.map((procedure, index) => {
    const method = variant === 'plain' || variant === 'orpc' ? '' : `.${verbOf(procedure)}`;
    const input = `{ ${procedure.input
      .filter((field) => field.sample !== undefined)
      .map((field) => `${field.name}: ${field.sample}`)
      .join(', ')} }`;
    return `  const r${index} = await client.${namespace.name}.${procedure.name}${method}(${input});\n  use(r${index}.${procedure.readField});`;
  });
  return `import { client, use } from '../client.ts';\n\nexport async function call${capitalised(namespace.name)}(): Promise<void> {\n${calls.join('\n')}\n}\n`;
}

function verbOf(procedure: ProcedureModel): 'query' | 'mutate' {
  return procedure.kind === 'query' ? 'query' : 'mutate';
}
const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const useFunction =
  '/** Keeps a result alive, so its type is read. */\nexport function use(_value: unknown): void {}\n';

/** One module per namespace, then a root module that imports them all. */
function perNamespace({
  api,
  folder,
  render,
}: {
  api: NamespaceModel[];
  folder: string;
  render: (namespace: NamespaceModel) => string;
}): { files: Files; imports: string; names: string } {
  const files: Files = {};
  for (const namespace of api) files[`${folder}/${namespace.name}.ts`] = render(namespace);
  return {
    files,
    imports: api.map(({ name }) => `import { ${name} } from './${name}.ts';`).join('\n'),
    names: api.map(({ name }) => name).join(', '),
  };
}

const sources: Record<VariantName, (api: NamespaceModel[]) => Files> = {
  plain: (api) => {
    const files: Files = {};
    for (const namespace of api) {
      const declarations = namespace.procedures.map(
        (procedure, index) =>
          `export declare function ${procedure.name}(input: z.input<typeof s.In${index}>): Promise<z.output<typeof s.Out${index}>>;`,
      );
      files[`api/${namespace.name}.ts`] =
        `import type * as z from 'zod';\nimport type * as s from '../schemas/${namespace.name}.ts';\n\n${declarations.join('\n')}\n`;
    }
    const imports = api.map(({ name }) => `import * as ${name} from './api/${name}.ts';`).join('\n');
    files['client.ts'] =
      `${imports}\n\nexport const client = { ${api.map(({ name }) => name).join(', ')} };\n\n${useFunction}`;
    return files;
  },

  charter: (api) => {
    const procedures = perNamespace({
      api,
      folder: 'contract',
      render: (namespace) => {
        const entries = namespace.procedures.map((procedure, index) => {
          const read = procedure.kind === 'query';
          return [
            `  ${procedure.name}: c.${read ? 'query' : 'mutation'}({`,
            `    summary: '${namespace.name}.${procedure.name}',`,
            `    auth: 'required',`,
            `    scopes: ['${read ? 'records:read' : 'records:write'}'],`,
            `    rest: { method: '${read ? 'GET' : 'POST'}', path: '/${namespace.name}/${procedure.name}' },`,
            ...(index % 4 === 0 ? [`    errors: ['NOT_FOUND', 'RECORD_LOCKED'],`] : []),
            `    input: s.In${index},`,
            `    output: s.Out${index},`,
            '  }),',
          ].join('\n');
        });
        return `import * as s from '../schemas/${namespace.name}.ts';\nimport { c } from './builder.ts';\n\nexport const ${namespace.name} = {\n${entries.join('\n')}\n};\n`;
      },
    });
    return {
      ...procedures.files,
      'contract/builder.ts': `import { defineErrors, initContract } from '@charter/rpc';

export const c = initContract({
  errors: defineErrors({
    RECORD_LOCKED: { status: 409, message: 'The record is locked.' },
    QUOTA_EXCEEDED: { status: 403, message: 'The quota is spent.' },
  }),
  scopes: { 'records:read': 'Read records', 'records:write': 'Change records' },
});
`,
      'contract/index.ts': `import type { RouterOf } from '@charter/rpc';\nimport { c } from './builder.ts';\n${procedures.imports}\n\nexport const contract = c.contract({ ${procedures.names} });\nexport type AppRouter = RouterOf<typeof contract>;\n`,
      'client.ts': `import { createTRPCClient } from '@trpc/client';\nimport type { AppRouter } from './contract/index.ts';\n\nexport const client = createTRPCClient<AppRouter>({ links: [] });\n\n${useFunction}`,
    };
  },

  trpc: (api) => {
    const routers = perNamespace({
      api,
      folder: 'server',
      render: (namespace) => {
        const entries = namespace.procedures.map(
          (procedure, index) =>
            `  ${procedure.name}: t.procedure.input(s.In${index}).output(s.Out${index}).${procedure.kind}(notImplemented),`,
        );
        return `import * as s from '../schemas/${namespace.name}.ts';\nimport { notImplemented, t } from './trpc.ts';\n\nexport const ${namespace.name} = t.router({\n${entries.join('\n')}\n});\n`;
      },
    });
    return {
      ...routers.files,
      'server/trpc.ts': `import { initTRPC } from '@trpc/server';\nimport superjson from 'superjson';\n\nexport const t = initTRPC.create({ transformer: superjson });\n\nexport function notImplemented(): never {\n  throw new Error('not implemented');\n}\n`,
      'server/router.ts': `import { t } from './trpc.ts';\n${routers.imports}\n\nexport const router = t.router({ ${routers.names} });\nexport type AppRouter = typeof router;\n`,
      'client.ts': `import { createTRPCClient } from '@trpc/client';\nimport type { AppRouter } from './server/router.ts';\n\nexport const client = createTRPCClient<AppRouter>({ links: [] });\n\n${useFunction}`,
    };
  },

  orpc: (api) => {
    const routers = perNamespace({
      api,
      folder: 'server',
      render: (namespace) => {
        const entries = namespace.procedures.map(
          (procedure, index) =>
            `  ${procedure.name}: os.input(s.In${index}).output(s.Out${index}).handler(notImplemented),`,
        );
        return `import { os } from '@orpc/server';\nimport * as s from '../schemas/${namespace.name}.ts';\nimport { notImplemented } from './not-implemented.ts';\n\nexport const ${namespace.name} = {\n${entries.join('\n')}\n};\n`;
      },
    });
    return {
      ...routers.files,
      'server/not-implemented.ts': `export function notImplemented(): never {\n  throw new Error('not implemented');\n}\n`,
      'server/router.ts': `${routers.imports}\n\nexport const router = { ${routers.names} };\n`,
      // @orpc/client is not a dependency of bench; createORPCClient returns exactly this type.
      'client.ts': `import type { RouterClient } from '@orpc/server';\nimport type { router } from './server/router.ts';\n\nexport declare const client: RouterClient<typeof router>;\n\n${useFunction}`,
    };
  },
};

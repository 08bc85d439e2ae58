import { execFile, spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { snakeCase } from './example-world.ts';

const serverRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const run = promisify(execFile);

/** One docs example to run: its code, and the values of the variables it names. */
export interface RunnableExample {
  name: string;
  code: string;
  variables: Record<string, string>;
  /** A live stream: the runner keeps creating tasks in this project until the example sees one. */
  streamsProject?: string;
}

export interface ExampleOutcome {
  ok: boolean;
  output: string;
}

export interface Runtime {
  url: string;
  token: string;
}

/** Runs shell code (curl examples) with bash, the variables in the environment. */
export async function runShell(
  code: string,
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<ExampleOutcome> {
  try {
    const { stdout, stderr } = await run('bash', ['-euo', 'pipefail', '-c', code], {
      env: { PATH: process.env.PATH ?? '', ...env },
      timeout: timeoutMs,
    });
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${failed.message}\n${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

/** A scratch directory inside the server package, so generated TypeScript resolves `@charter/client`. */
function scratch(name: string): { dir: string; done(): void } {
  const dir = join(serverRoot, '.examples-run', `${name}-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

const marker = '@@outcome ';

function outcomesOf(stdout: string): Map<string, ExampleOutcome> {
  const outcomes = new Map<string, ExampleOutcome>();
  let output = '';
  for (const line of stdout.split('\n')) {
    if (!line.startsWith(marker)) {
      output += `${line}\n`;
      continue;
    }
    const { name, ok, error } = JSON.parse(line.slice(marker.length)) as {
      name: string;
      ok: boolean;
      error?: string;
    };
    outcomes.set(name, { ok, output: ok ? output : `${error}\n${output}` });
    output = '';
  }
  return outcomes;
}

/**
 * Runs Python examples in one interpreter: the docs' prelude (the `api` helper), then each example
 * in a function of its own with its variables bound, each reporting whether it finished.
 */
export async function runPython(prelude: string, examples: RunnableExample[], runtime: Runtime) {
  const indent = (code: string) => code.replace(/^/gm, '    ');
  const parts = [
    prelude,
    `
import json as _json, threading as _threading

def _poke(project_id, stop):
    while not stop.wait(0.3):
        try:
            api("POST", f"/projects/{project_id}/tasks", {"title": "Poke"})
        except BaseException:
            pass

def _run(name, example, project_id=None):
    stop = _threading.Event()
    if project_id:
        _threading.Thread(target=_poke, args=(project_id, stop), daemon=True).start()
    try:
        example()
        print("${marker}" + _json.dumps({"name": name, "ok": True}), flush=True)
    except BaseException as error:
        print("${marker}" + _json.dumps({"name": name, "ok": False, "error": repr(error)}), flush=True)
    finally:
        stop.set()
`,
    ...examples.map((example, index) => {
      const bindings = Object.entries(example.variables).map(
        ([name, value]) => `${snakeCase(name)} = ${JSON.stringify(value)}`,
      );
      const stream = example.streamsProject ? `, ${JSON.stringify(example.streamsProject)}` : '';
      return `def _example_${index}():\n${indent([...bindings, example.code].join('\n'))}\n\n_run(${JSON.stringify(example.name)}, _example_${index}${stream})\n`;
    }),
  ];
  const work = scratch('python');
  try {
    writeFileSync(join(work.dir, 'examples.py'), parts.join('\n'));
    const { stdout } = await run('python3', [join(work.dir, 'examples.py')], {
      env: { PATH: process.env.PATH ?? '', CHARTER_URL: runtime.url, CHARTER_TOKEN: runtime.token },
      timeout: 120_000,
    });
    return outcomesOf(stdout);
  } finally {
    work.done();
  }
}

/**
 * Type-checks, then runs, TypeScript examples in one process: the docs' prelude (`client`), then
 * each example in a block of its own with its variables bound, each reporting whether it finished.
 */
export async function runTypescript(prelude: string, examples: RunnableExample[], runtime: Runtime) {
  const harness = `
let __logged = 0;
const __log = console.log;
console.log = (...args: unknown[]) => {
  __logged += 1;
  __log(...args);
};
async function __run(name: string, example: () => Promise<void> | void, projectId?: string) {
  try {
    const before = __logged;
    await example();
    // A live stream logs when its first event arrives: make changes until it does.
    for (let tries = 0; projectId && __logged === before; tries += 1) {
      if (tries > 30) throw new Error('the stream saw no change in 10 s');
      await client.tasks.create.mutate({ projectId, title: 'Poke' });
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    __log('${marker}' + JSON.stringify({ name, ok: true }));
  } catch (error) {
    __log('${marker}' + JSON.stringify({ name, ok: false, error: String(error) }));
  }
}
`;
  const blocks = examples.map((example) => {
    const bindings = Object.entries(example.variables).map(
      ([name, value]) => `  const ${name} = ${JSON.stringify(value)};`,
    );
    const body = example.code.replace(/^/gm, '  ');
    const stream = example.streamsProject ? `, ${JSON.stringify(example.streamsProject)}` : '';
    return `await __run(${JSON.stringify(example.name)}, async () => {\n${[...bindings, body].join('\n')}\n}${stream});`;
  });
  const source = [prelude, harness, ...blocks, 'process.exit(0);', ''].join('\n');
  return outcomesOf(await typeCheckAndRun(source, runtime));
}

/** Runs a whole TypeScript program of the docs (its own imports and all) and reports its outcome. */
export async function runTypescriptProgram(source: string, runtime: Runtime): Promise<ExampleOutcome> {
  try {
    return { ok: true, output: await typeCheckAndRun(source, runtime) };
  } catch (error) {
    return { ok: false, output: String(error) };
  }
}

/** Type-checks a program against the contract's types (a wrong example fails here first), then runs it. */
async function typeCheckAndRun(source: string, runtime: Runtime): Promise<string> {
  const work = scratch('typescript');
  try {
    writeFileSync(join(work.dir, 'examples.ts'), source);
    writeFileSync(
      join(work.dir, 'tsconfig.json'),
      JSON.stringify({
        extends: '../../tsconfig.json',
        compilerOptions: { noEmit: true },
        include: ['*.ts'],
      }),
    );
    await run(process.execPath, [join(serverRoot, 'node_modules/typescript/bin/tsc'), '-p', work.dir]).catch(
      (error: { stdout?: string }) => {
        throw new Error(`The TypeScript examples do not type-check:\n${error.stdout}`);
      },
    );
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(work.dir, 'examples.ts')], {
      cwd: serverRoot,
      env: { PATH: process.env.PATH ?? '', CHARTER_URL: runtime.url, CHARTER_TOKEN: runtime.token },
      timeout: 120_000,
    });
    return stdout;
  } finally {
    work.done();
  }
}

/** Runs a shell example that streams (curl -N) until it prints its first event, poking meanwhile. */
export async function runShellStream(
  code: string,
  env: Record<string, string>,
  poke: () => Promise<unknown>,
) {
  const child = spawn('bash', ['-euo', 'pipefail', '-c', code], {
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const deadline = Date.now() + 10_000;
  while (!output.includes('data: ') && child.exitCode === null && Date.now() < deadline) {
    await poke();
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  const ok = output.includes('data: ');
  child.kill();
  return { ok, output };
}

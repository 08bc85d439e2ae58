// Editor latency: TypeScript's tsserver, spoken to over stdio with its JSON protocol, asked for member
// completions in a caller file the way an editor asks after each keystroke. Each measured request
// follows an edit, so it gets a fresh program and checker, as in an editor.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { median, typescript } from './check-cost.ts';

export interface CompletionSite {
  /** Text that ends right where the completion is asked, e.g. `client.ns25.`; its first occurrence. */
  before: string;
  /** A name the completion must offer, to prove the types were resolved. */
  expect: string;
}

export interface LatencyResult {
  /** Opening the file and the first completion: project load, program and checker from scratch. */
  coldMs: number;
  /** Per site: median ms of edit + completion (the cold request above has warmed the process up). */
  completions: { after: string; ms: number }[];
  /** Median ms of edit + semantic diagnostics of the whole caller file (the editor's squiggles). */
  diagnosticsMs: number;
}

const requestTimeoutMs = 120_000;

export async function measureLatency(options: {
  project: string;
  /** The caller file, relative to the project. */
  file: string;
  sites: CompletionSite[];
  repeats: number;
}): Promise<LatencyResult> {
  const { sites, repeats } = options;
  const [first] = sites;
  if (!first) throw new Error('no completion site');
  // tsserver wants absolute paths.
  const project = resolve(options.project);
  const file = resolve(project, options.file);
  const lines = readFileSync(file, 'utf8').split('\n');
  const positions = sites.map((site) => positionOf(lines, site));
  const server = new TsServer();
  try {
    const started = performance.now();
    server.send('open', { file, projectRootPath: project });
    await completion(server, file, positions[0] as Position, first.expect);
    const coldMs = performance.now() - started;

    // Edits toggle a space on the last (empty) line, so the sites never move.
    let edits = 0;
    const edit = () => {
      const at = { file, line: lines.length, offset: 1 };
      server.send(
        'change',
        edits++ % 2 === 0
          ? { ...at, endLine: lines.length, endOffset: 1, insertString: ' ' }
          : { ...at, endLine: lines.length, endOffset: 2, insertString: '' },
      );
    };
    const timed = async (task: () => Promise<unknown>) => {
      const samples: number[] = [];
      for (let round = 0; round < repeats; round++) {
        const start = performance.now();
        edit();
        await task();
        samples.push(performance.now() - start);
      }
      return median(samples);
    };
    const completions: LatencyResult['completions'] = [];
    for (const [index, site] of sites.entries()) {
      completions.push({
        after: site.before,
        ms: await timed(() => completion(server, file, positions[index] as Position, site.expect)),
      });
    }
    const diagnosticsMs = await timed(() => server.request('semanticDiagnosticsSync', { file }));
    return { coldMs, completions, diagnosticsMs };
  } finally {
    server.close();
  }
}

interface Position {
  line: number;
  offset: number;
}

function positionOf(lines: string[], site: CompletionSite): Position {
  for (const [index, text] of lines.entries()) {
    const column = text.indexOf(site.before);
    if (column >= 0) return { line: index + 1, offset: column + site.before.length + 1 };
  }
  throw new Error(`"${site.before}" is not in the caller file`);
}

async function completion(server: TsServer, file: string, at: Position, expect: string): Promise<void> {
  const body = (await server.request('completionInfo', {
    file,
    ...at,
    triggerCharacter: '.',
    includeExternalModuleExports: false,
  })) as { entries?: { name: string }[] } | undefined;
  if (!body?.entries?.some((entry) => entry.name === expect)) {
    throw new Error(`completion at ${at.line}:${at.offset} did not offer "${expect}"`);
  }
}

interface Waiting {
  resolve: (body: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** A tsserver process: requests by sequence number, responses framed by Content-Length. */
class TsServer {
  private readonly child: ChildProcess;
  private readonly waiting = new Map<number, Waiting>();
  private buffered = Buffer.alloc(0);
  private seq = 0;

  constructor() {
    this.child = spawn(
      process.execPath,
      [typescript.tsserver, '--disableAutomaticTypingAcquisition', '--suppressDiagnosticEvents'],
      { stdio: ['pipe', 'pipe', 'ignore'] },
    );
    this.child.stdout?.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.once('exit', (code) => this.failAll(new Error(`tsserver exited with ${code}`)));
  }

  /** A request that has no response (open, change). */
  send(command: string, args: object): number {
    const seq = ++this.seq;
    this.child.stdin?.write(`${JSON.stringify({ seq, type: 'request', command, arguments: args })}\n`);
    return seq;
  }

  request(command: string, args: object): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const seq = this.send(command, args);
      const timer = setTimeout(() => {
        this.waiting.delete(seq);
        reject(new Error(`tsserver: no answer to ${command} in ${requestTimeoutMs / 1000} s`));
      }, requestTimeoutMs);
      this.waiting.set(seq, { resolve, reject, timer });
    });
  }

  close(): void {
    this.failAll(new Error('tsserver closed'));
    this.child.kill('SIGKILL');
  }

  private receive(chunk: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    for (;;) {
      const headerEnd = this.buffered.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(
        /Content-Length: (\d+)/i.exec(this.buffered.subarray(0, headerEnd).toString())?.[1],
      );
      const bodyStart = headerEnd + 4;
      if (this.buffered.length < bodyStart + length) return;
      const message = JSON.parse(this.buffered.subarray(bodyStart, bodyStart + length).toString()) as {
        type: string;
        request_seq?: number;
        success?: boolean;
        message?: string;
        body?: unknown;
      };
      this.buffered = this.buffered.subarray(bodyStart + length);
      const waiting = message.type === 'response' ? this.waiting.get(message.request_seq ?? -1) : undefined;
      if (!waiting) continue;
      this.waiting.delete(message.request_seq ?? -1);
      clearTimeout(waiting.timer);
      if (message.success) waiting.resolve(message.body);
      else waiting.reject(new Error(`tsserver: ${message.message}`));
    }
  }

  private failAll(error: Error): void {
    for (const waiting of this.waiting.values()) {
      clearTimeout(waiting.timer);
      waiting.reject(error);
    }
    this.waiting.clear();
  }
}

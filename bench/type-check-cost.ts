// `pnpm bench:types`: what a contract costs the type checker. Generates the same API of 200 and 1,000
// procedures four ways (zod schemas as plain typed functions, Charter, tRPC, oRPC, each with a client
// calling every procedure), type-checks each with `tsc --extendedDiagnostics` (median of a few runs,
// interleaved), then times tsserver completions in a caller. Ratios to plain, measured in the same
// run, are the result; absolute times depend on the machine. Results go to bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiModel } from './types/api-model.ts';
import { type CheckCost, measureCheck, median, typescript } from './types/check-cost.ts';
import { type CompletionSite, type LatencyResult, measureLatency } from './types/completion-latency.ts';
import { chart, editorRows, scaling, table, variantLabels, withRatios } from './types/report.ts';
import { middleCall, type VariantName, variantNames, writeVariant } from './types/variants.ts';

const here = dirname(fileURLToPath(import.meta.url));
const sizes = (process.env.BENCH_TYPES_SIZES ?? '200,1000').split(',').map(Number);
const runs = Number(process.env.BENCH_TYPES_RUNS ?? 3);
const completionRepeats = Number(process.env.BENCH_TYPES_COMPLETIONS ?? 3);
// Inside bench/, so the generated code resolves bench's node_modules; it ignores itself for git.
const scratch = join(here, '.generated');
const projectOf = (size: number, variant: VariantName) => join(scratch, `n${size}`, variant);
const loadBefore = loadavg();
const loadOf = ([oneMinute, fiveMinutes, fifteenMinutes]: number[]) => ({
  oneMinute,
  fiveMinutes,
  fifteenMinutes,
});

mkdirSync(scratch, { recursive: true });
writeFileSync(join(scratch, '.gitignore'), '*\n');
for (const size of sizes) {
  const api = apiModel(size);
  for (const variant of variantNames) writeVariant({ dir: projectOf(size, variant), variant, api });
}
console.log(`generated ${sizes.join(' and ')} procedures × ${variantNames.join(', ')} in bench/.generated/`);

// Interleaved rounds, so a busy moment on the machine spreads over every variant.
const samples = new Map<string, CheckCost[]>();
for (let round = 1; round <= runs; round++) {
  for (const size of sizes) {
    for (const variant of variantNames) {
      const cost = measureCheck(projectOf(size, variant));
      samples.set(`${size}/${variant}`, [...(samples.get(`${size}/${variant}`) ?? []), cost]);
      console.log(
        `run ${round}/${runs}  ${String(size).padStart(5)} ${variant.padEnd(8)} check ${cost.checkSeconds.toFixed(2)} s  total ${cost.totalSeconds.toFixed(2)} s  CPU ${cost.cpuSeconds.toFixed(2)} s`,
      );
    }
  }
}
const rows = withRatios(
  sizes.flatMap((size) =>
    variantNames.map((variant) => {
      const all = samples.get(`${size}/${variant}`) ?? [];
      const mid = (pick: (cost: CheckCost) => number) => median(all.map(pick));
      return {
        size,
        variant,
        median: {
          checkSeconds: mid((cost) => cost.checkSeconds),
          totalSeconds: mid((cost) => cost.totalSeconds),
          cpuSeconds: mid((cost) => cost.cpuSeconds),
          instantiations: mid((cost) => cost.instantiations),
          types: mid((cost) => cost.types),
          memoryMb: mid((cost) => cost.memoryMb),
          files: mid((cost) => cost.files),
        },
        runs: all,
      };
    }),
  ),
);
const small = Math.min(...sizes);
const large = Math.max(...sizes);
const growth = sizes.length > 1 ? scaling(rows, { small, large }) : [];

// Editor latency at the largest size, at a call in the middle of the API.
const call = middleCall(apiModel(large));
const latencies: { variant: VariantName; latency: LatencyResult }[] = [];
for (const variant of variantNames) {
  const sites: CompletionSite[] = [
    { before: `client.${call.namespace}.`, expect: call.procedure },
    // Only tRPC-style clients have a member after the procedure (`.query`, `.mutate`).
    ...(variant === 'charter' || variant === 'trpc'
      ? [{ before: `client.${call.namespace}.${call.procedure}.`, expect: call.verb }]
      : []),
  ];
  const latency = await measureLatency({
    project: projectOf(large, variant),
    file: call.file,
    sites,
    repeats: completionRepeats,
  });
  latencies.push({ variant, latency });
  console.log(`tsserver ${variant.padEnd(8)} cold ${Math.round(latency.coldMs)} ms`);
}
const editor = editorRows(latencies);

const f2 = (value: number) => value.toFixed(2);
const ms = (value: number | undefined) => (value === undefined ? '-' : String(Math.round(value)));
console.log(
  `\ntype-check cost, median of ${runs} runs (TypeScript ${typescript.version}, Node ${process.version})`,
);
console.log(
  table(
    [
      'procedures / variant',
      'check s',
      '×plain',
      'total s',
      '×plain',
      'tsc CPU s',
      '×plain',
      'instantiations',
      '×plain',
      'memory MB',
      '×plain',
    ],
    rows.map((row) => [
      `${row.size} ${variantLabels[row.variant]}`,
      f2(row.median.checkSeconds),
      f2(row.ratioToPlain.check),
      f2(row.median.totalSeconds),
      f2(row.ratioToPlain.total),
      f2(row.median.cpuSeconds),
      f2(row.ratioToPlain.cpu),
      row.median.instantiations.toLocaleString('en-US'),
      f2(row.ratioToPlain.instantiations),
      row.median.memoryMb,
      f2(row.ratioToPlain.memory),
    ]),
  ),
);
if (growth.length > 0) {
  console.log(
    `\n${large} vs ${small} procedures (${large / small}× is linear); cost of the added procedures × plain's`,
  );
  console.log(
    table(
      ['variant', 'check', 'instantiations', 'memory', 'added: check ×plain', 'added: inst. ×plain'],
      growth.map((entry) => [
        variantLabels[entry.variant],
        f2(entry.growth.check),
        f2(entry.growth.instantiations),
        f2(entry.growth.memory),
        f2(entry.addedProceduresToPlain.check),
        f2(entry.addedProceduresToPlain.instantiations),
      ]),
    ),
  );
}
console.log(
  `\ntsserver, ${large} procedures, in ${call.file}: median ms of ${completionRepeats} (edit + request; each edit means a fresh checker)`,
);
console.log(
  table(
    [
      'variant',
      'open + 1st',
      `client.${call.namespace}.`,
      '×plain',
      `.${call.procedure}.`,
      'diagnostics',
      '×plain',
    ],
    editor.map((row) => [
      variantLabels[row.variant],
      ms(row.latency.coldMs),
      ms(row.latency.completions[0]?.ms),
      f2(row.ratioToPlain.namespaceCompletion),
      ms(row.latency.completions[1]?.ms),
      ms(row.latency.diagnosticsMs),
      f2(row.ratioToPlain.diagnostics),
    ]),
  ),
);

const date = new Date().toISOString();
const machine = {
  cpus: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  node: process.version,
  typescript: typescript.version,
  loadAverage: { before: loadOf(loadBefore), after: loadOf(loadavg()) },
};
const outDir = join(here, 'results');
mkdirSync(outDir, { recursive: true });
const record = {
  date,
  machine,
  runs,
  completionRepeats,
  checks: rows,
  scaling: growth,
  editor: {
    size: large,
    file: call.file,
    namespace: call.namespace,
    procedure: call.procedure,
    results: editor,
  },
};
writeFileSync(join(outDir, 'types-latest.json'), `${JSON.stringify(record, null, 2)}\n`);
writeFileSync(
  join(outDir, 'types-latest.svg'),
  chart({
    rows,
    editor,
    editorSize: large,
    caption: `${date.slice(0, 10)}, TypeScript ${typescript.version}, ${machine.cpus} cores`,
  }),
);
console.log('\nwritten: bench/results/types-latest.json and .svg');

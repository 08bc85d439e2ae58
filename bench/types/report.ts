// Turns the measurements into ratios, a readable table and the chart docs/performance.md shows.
import { barChart } from '../bar-chart.ts';
import type { CheckCost } from './check-cost.ts';
import type { LatencyResult } from './completion-latency.ts';
import type { VariantName } from './variants.ts';

export const variantLabels: Record<VariantName, string> = {
  plain: 'plain zod',
  charter: 'Charter',
  trpc: 'tRPC',
  orpc: 'oRPC',
};

export interface CheckRow {
  size: number;
  variant: VariantName;
  median: CheckCost;
  ratioToPlain: { check: number; total: number; cpu: number; instantiations: number; memory: number };
  runs: CheckCost[];
}

export interface EditorRow {
  variant: VariantName;
  latency: LatencyResult;
  ratioToPlain: { cold: number; namespaceCompletion: number; diagnostics: number };
}

const ratio = (value: number, base: number) => Math.round((value / base) * 100) / 100;

export function withRatios(rows: Omit<CheckRow, 'ratioToPlain'>[]): CheckRow[] {
  return rows.map((row) => {
    const plain =
      rows.find((other) => other.size === row.size && other.variant === 'plain')?.median ?? row.median;
    return {
      ...row,
      ratioToPlain: {
        check: ratio(row.median.checkSeconds, plain.checkSeconds),
        total: ratio(row.median.totalSeconds, plain.totalSeconds),
        cpu: ratio(row.median.cpuSeconds, plain.cpuSeconds),
        instantiations: ratio(row.median.instantiations, plain.instantiations),
        memory: ratio(row.median.memoryMb, plain.memoryMb),
      },
    };
  });
}

/** Growth from the smallest to the largest size (5× the procedures: ~5 is linear), and the cost of the
 * procedures added, relative to plain's (fixed costs such as loading a library's types cancel out). */
export function scaling(rows: CheckRow[], { small, large }: { small: number; large: number }) {
  const at = (size: number, variant: VariantName) =>
    rows.find((row) => row.size === size && row.variant === variant)?.median;
  const plainSmall = at(small, 'plain');
  const plainLarge = at(large, 'plain');
  return rows
    .filter((row) => row.size === large)
    .flatMap(({ variant, median: big }) => {
      const little = at(small, variant);
      if (!little || !plainSmall || !plainLarge) return [];
      return [
        {
          variant,
          growth: {
            check: ratio(big.checkSeconds, little.checkSeconds),
            instantiations: ratio(big.instantiations, little.instantiations),
            memory: ratio(big.memoryMb, little.memoryMb),
          },
          addedProceduresToPlain: {
            check: ratio(
              big.checkSeconds - little.checkSeconds,
              plainLarge.checkSeconds - plainSmall.checkSeconds,
            ),
            instantiations: ratio(
              big.instantiations - little.instantiations,
              plainLarge.instantiations - plainSmall.instantiations,
            ),
          },
        },
      ];
    });
}

export function editorRows(results: { variant: VariantName; latency: LatencyResult }[]): EditorRow[] {
  const plain = results.find((result) => result.variant === 'plain')?.latency;
  return results.map(({ variant, latency }) => ({
    variant,
    latency,
    ratioToPlain: {
      cold: plain ? ratio(latency.coldMs, plain.coldMs) : Number.NaN,
      namespaceCompletion: plain
        ? ratio(latency.completions[0]?.ms ?? 0, plain.completions[0]?.ms ?? 1)
        : Number.NaN,
      diagnostics: plain ? ratio(latency.diagnosticsMs, plain.diagnosticsMs) : Number.NaN,
    },
  }));
}

export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => row[column]?.length ?? 0)));
  return cells
    .map((row) =>
      row
        .map((cell, column) =>
          column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0),
        )
        .join('  '),
    )
    .join('\n');
}

/** Two bar charts in one SVG: check time relative to plain per size, and completion latency. */
export function chart(options: {
  rows: CheckRow[];
  editor: EditorRow[];
  editorSize: number;
  caption: string;
}): string {
  const sizes = [...new Set(options.rows.map((row) => row.size))];
  const checkTitle = `Type-check time, × plain zod functions (${options.caption})`;
  const checkChart = barChart({
    title: checkTitle,
    bars: sizes.flatMap((size) =>
      options.rows
        .filter((row) => row.size === size)
        .map((row) => ({
          label: `${variantLabels[row.variant]} (${size.toLocaleString('en-US')})`,
          value: row.ratioToPlain.check,
        })),
    ),
  });
  const editorTitle = `Completion after an edit, ms, ${options.editorSize.toLocaleString('en-US')} procedures (client.nsX.)`;
  const editorChart = barChart({
    title: editorTitle,
    bars: options.editor.map((row) => ({
      label: variantLabels[row.variant],
      value: Math.round(row.latency.completions[0]?.ms ?? 0),
    })),
  });
  const sizeOf = (svg: string, size: 'width' | 'height') =>
    Number(new RegExp(`${size}="(\\d+)"`).exec(svg)?.[1] ?? 0);
  const heightOf = (svg: string) => sizeOf(svg, 'height');
  const first = heightOf(checkChart);
  // Each <svg> gets a <title>, for screen readers (and Biome's a11y rule).
  const titled = (svg: string, title: string) =>
    svg
      .trim()
      .replace(
        /^<svg([^>]*)>/,
        `<svg$1><title>${title.replaceAll('&', '&amp;').replaceAll('<', '&lt;')}</title>`,
      );
  // barChart gives each chart its <title> already.
  const nested = (svg: string, y: number) => svg.trim().replace('<svg ', `<svg y="${y}" `);
  return `${titled(`<svg xmlns="http://www.w3.org/2000/svg" width="${sizeOf(checkChart, 'width')}" height="${first + heightOf(editorChart)}">`, 'Type-check cost and editor latency')}
${nested(checkChart, 0)}
${nested(editorChart, first)}
</svg>
`;
}

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { UsageChart as Chart } from './usage-summary.ts';

// Distinct in colour and lightness, so stacked series stay apart for colour-blind readers too.
const colours = ['#1d4ed8', '#b45309', '#047857', '#9d174d', '#6d28d9', '#0e7490', '#4d7c0f', '#7c2d12'];

/** Calls per procedure, stacked by caller (recharts; the page's table has the same numbers). */
export default function UsageChart({ chart }: { chart: Chart }) {
  return (
    <BarChart
      data={chart.data}
      responsive
      style={{ width: '100%', height: 340 }}
      margin={{ top: 8, right: 16, bottom: 48, left: 8 }}
      accessibilityLayer
      title="Calls per procedure and caller"
      desc="Stacked bars: one bar per procedure, one colour per caller. The table below lists the same numbers."
    >
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      <XAxis
        dataKey="procedure"
        angle={-30}
        textAnchor="end"
        interval={0}
        height={60}
        tick={{ fontSize: 12 }}
      />
      <YAxis allowDecimals={false} label={{ value: 'Calls', angle: -90, position: 'insideLeft' }} />
      <Tooltip />
      <Legend verticalAlign="top" />
      {chart.series.map((series, index) => (
        <Bar
          key={series.key}
          dataKey={series.key}
          name={series.label}
          stackId="calls"
          fill={colours[index % colours.length]}
          isAnimationActive={false}
        />
      ))}
    </BarChart>
  );
}

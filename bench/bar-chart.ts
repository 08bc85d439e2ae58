/** A horizontal bar chart as a standalone SVG: no library, so docs/performance.md can show it as is. */
export function barChart({
  title,
  bars,
}: {
  title: string;
  bars: { label: string; value: number }[];
}): string {
  const width = 880;
  const labelWidth = 270;
  const barHeight = 26;
  const gap = 10;
  const top = 40;
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const height = top + bars.length * (barHeight + gap) + 10;
  const escapeXml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;');
  const rows = bars.map((bar, index) => {
    const y = top + index * (barHeight + gap);
    const length = Math.round(((width - labelWidth - 90) * bar.value) / max);
    return [
      `<text x="${labelWidth - 8}" y="${y + 18}" text-anchor="end">${escapeXml(bar.label)}</text>`,
      `<rect x="${labelWidth}" y="${y}" width="${length}" height="${barHeight}" fill="${bar.label.startsWith('Charter') ? '#3b5bdb' : '#adb5bd'}"/>`,
      `<text x="${labelWidth + length + 6}" y="${y + 18}">${bar.value.toLocaleString('en-US')}</text>`,
    ].join('');
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="system-ui, sans-serif" font-size="13">
<title>${escapeXml(title)}</title>
<text x="10" y="22" font-weight="600">${escapeXml(title)}</text>
${rows.join('\n')}
</svg>
`;
}

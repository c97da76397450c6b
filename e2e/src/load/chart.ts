/**
 * The latency-against-throughput chart of the load benchmark as a standalone SVG file, which
 * docs/benchmarks.md shows. Scales, ticks and line paths come from d3-scale and d3-shape (no DOM
 * needed); the few SVG elements around them are written here. Recharts, the console's chart
 * library, renders through React in a browser and measures its text in the DOM, so it does not fit
 * a benchmark process writing a file.
 */
import { scaleLinear, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';
import type { StepOutcome } from './steps.js';

export const CHART_SIZE = { width: 720, height: 420, margin: { top: 40, right: 130, bottom: 50, left: 70 } };

const SERIES = [
  { key: 'p50', label: 'p50', colour: '#1c7ed6' },
  { key: 'p99', label: 'p99', colour: '#c92a2a' },
  { key: 'p999', label: 'p99.9', colour: '#5f3dc4' },
] as const;

export interface ChartPoint {
  x: number;
  y: number;
}

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const round = (n: number): string => (Math.round(n * 10) / 10).toString();

/** Where each step's percentile lands on the canvas (x: throughput, y: latency on a log scale), for every series. */
export function chartScales(steps: readonly StepOutcome[], limitMs: number) {
  const { width, height, margin } = CHART_SIZE;
  const maxThroughput = Math.max(1, ...steps.map((step) => step.throughput));
  const latencies = steps.flatMap((step) => [step.p50, step.p99, step.p999]).filter((ms) => Number.isFinite(ms) && ms > 0);
  const x = scaleLinear().domain([0, maxThroughput * 1.05]).range([margin.left, width - margin.right]).nice();
  const y = scaleLog().domain([Math.max(0.1, Math.min(limitMs, ...latencies) / 1.5), Math.max(limitMs, ...latencies) * 1.5]).range([height - margin.bottom, margin.top]).nice();
  const points = (key: (typeof SERIES)[number]['key']): ChartPoint[] => steps.map((step) => ({ x: x(step.throughput), y: y(Math.max(step[key], y.domain()[0]!)) }));
  return { x, y, points };
}

export function latencyChart(steps: readonly StepOutcome[], { title, limitMs }: { title: string; limitMs: number }): string {
  const { width, height, margin } = CHART_SIZE;
  const { x, y, points } = chartScales(steps, limitMs);
  const path = line<ChartPoint>().x((p) => p.x).y((p) => p.y);
  const [bottom, right] = [height - margin.bottom, width - margin.right];
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${margin.left}" y="22" font-size="14" font-weight="bold">${escape(title)}</text>`,
  ];
  for (const tick of x.ticks(6)) {
    parts.push(`<line x1="${round(x(tick))}" y1="${margin.top}" x2="${round(x(tick))}" y2="${bottom}" stroke="#e9ecef"/>`, `<text x="${round(x(tick))}" y="${bottom + 16}" text-anchor="middle">${tick}</text>`);
  }
  for (const tick of y.ticks(5).filter((t) => [1, 2, 5].includes(Number(t.toExponential(0).charAt(0))))) {
    parts.push(`<line x1="${margin.left}" y1="${round(y(tick))}" x2="${right}" y2="${round(y(tick))}" stroke="#e9ecef"/>`, `<text x="${margin.left - 6}" y="${round(y(tick) + 4)}" text-anchor="end">${tick >= 1000 ? `${tick / 1000} s` : `${tick} ms`}</text>`);
  }
  parts.push(
    `<line x1="${margin.left}" y1="${bottom}" x2="${right}" y2="${bottom}" stroke="#495057"/>`,
    `<line x1="${margin.left}" y1="${margin.top}" x2="${margin.left}" y2="${bottom}" stroke="#495057"/>`,
    `<text x="${(margin.left + right) / 2}" y="${height - 12}" text-anchor="middle">throughput (answered requests/s, all endpoints)</text>`,
    `<text transform="translate(16 ${(margin.top + bottom) / 2}) rotate(-90)" text-anchor="middle">latency (log scale)</text>`,
    `<line x1="${margin.left}" y1="${round(y(limitMs))}" x2="${right}" y2="${round(y(limitMs))}" stroke="#868e96" stroke-dasharray="6 4"/>`,
    `<text x="${right + 6}" y="${round(y(limitMs) + 4)}" fill="#495057">p99 limit ${limitMs >= 1000 ? `${limitMs / 1000} s` : `${limitMs} ms`}</text>`,
  );
  SERIES.forEach(({ key, label, colour }, index) => {
    const series = points(key);
    parts.push(`<path d="${path(series) ?? ''}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    series.forEach((p, step) => {
      parts.push(`<circle cx="${round(p.x)}" cy="${round(p.y)}" r="3.5" fill="${colour}"/>`);
      if (key === 'p99') parts.push(`<text x="${round(p.x + 5)}" y="${round(p.y - 6)}" fill="#343a40" font-size="10">${steps[step]!.concurrency}</text>`);
    });
    parts.push(`<line x1="${right + 6}" y1="${margin.top + 20 + index * 18}" x2="${right + 26}" y2="${margin.top + 20 + index * 18}" stroke="${colour}" stroke-width="2"/>`, `<text x="${right + 30}" y="${margin.top + 24 + index * 18}">${label}</text>`);
  });
  parts.push(`<text x="${right + 6}" y="${margin.top + 20 + SERIES.length * 18 + 6}" fill="#343a40" font-size="10">labels: clients</text>`, '</svg>');
  return `${parts.join('\n')}\n`;
}

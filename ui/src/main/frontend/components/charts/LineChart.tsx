import { DataTable, type Key, Legend } from './parts';

export type Series = Key;

export interface Point {
  /** ISO instant of the bucket's start. */
  at: string;
  values: Record<string, number>;
}

/** Counts over time as lines with dots, a y axis with a few round ticks, and the numbers as a hidden table. */
export function LineChart({
  title,
  series,
  points,
  formatTick,
}: {
  title: string;
  series: Series[];
  points: Point[];
  formatTick: (iso: string) => string;
}) {
  const width = 560;
  const height = 200;
  const left = 36;
  const bottom = 22;
  const plotWidth = width - left - 8;
  const plotHeight = height - bottom - 8;
  const max = niceMax(Math.max(1, ...points.flatMap((p) => series.map((s) => p.values[s.key] ?? 0))));
  const x = (i: number) => left + (points.length <= 1 ? plotWidth / 2 : (i / (points.length - 1)) * plotWidth);
  const y = (v: number) => 8 + plotHeight - (v / max) * plotHeight;
  const ticks = [0, max / 2, max];
  const labelEvery = Math.max(1, Math.ceil(points.length / 6));
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
        {ticks.map((t) => (
          <g key={t}>
            <line className="grid" x1={left} x2={width - 8} y1={y(t)} y2={y(t)} />
            <text x={left - 6} y={y(t) + 4} textAnchor="end">
              {Number.isInteger(t) ? t : t.toFixed(1)}
            </text>
          </g>
        ))}
        <line className="axis" x1={left} x2={width - 8} y1={y(0)} y2={y(0)} />
        {points.map((p, i) =>
          i % labelEvery === 0 ? (
            <text key={p.at} x={x(i)} y={height - 6} textAnchor="middle">
              {formatTick(p.at)}
            </text>
          ) : null,
        )}
        {series.map((s) => (
          <g key={s.key} data-series={s.key}>
            <polyline
              fill="none"
              stroke={s.color}
              strokeWidth={2}
              points={points.map((p, i) => `${x(i)},${y(p.values[s.key] ?? 0)}`).join(' ')}
            />
            {points.map((p, i) =>
              (p.values[s.key] ?? 0) > 0 ? (
                <circle key={p.at} cx={x(i)} cy={y(p.values[s.key])} r={3} fill={s.color}>
                  <title>{`${formatTick(p.at)}: ${p.values[s.key]} ${s.label.toLowerCase()}`}</title>
                </circle>
              ) : null,
            )}
          </g>
        ))}
      </svg>
      <Legend keys={series} suffix={(s) => `: ${points.reduce((sum, p) => sum + (p.values[s.key] ?? 0), 0).toLocaleString()}`} />
      <DataTable
        title={title}
        rowHeader="Time"
        keys={series}
        rows={points
          .filter((p) => series.some((s) => (p.values[s.key] ?? 0) > 0))
          .map((p) => ({ label: formatTick(p.at), values: p.values }))}
      />
    </figure>
  );
}

/** The smallest of 1, 2, 5 × 10^n at or above the value, so the axis has round numbers. */
export function niceMax(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) {
    if (step * magnitude >= value) return step * magnitude;
  }
  return 10 * magnitude;
}

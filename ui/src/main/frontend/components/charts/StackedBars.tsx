import { DataTable, type Key, Legend } from './parts';

export type Segment = Key;

export interface Row {
  label: string;
  values: Record<string, number>;
}

/**
 * Horizontal stacked bars, one row per item (a status, an annotator), with a legend and the numbers as a hidden
 * table for screen readers. Rows share one scale so lengths compare.
 */
export function StackedBars({ title, segments, rows }: { title: string; segments: Segment[]; rows: Row[] }) {
  const rowHeight = 26;
  const labelWidth = 140;
  const width = 560;
  const barWidth = width - labelWidth - 60;
  const totals = rows.map((row) => segments.reduce((sum, s) => sum + (row.values[s.key] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const height = Math.max(rowHeight, rows.length * rowHeight);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      {rows.length === 0 ? (
        <p className="empty-chart">No data yet.</p>
      ) : (
        <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
          {rows.map((row, i) => {
            let x = labelWidth;
            const y = i * rowHeight + 4;
            return (
              <g key={row.label + i} data-row={row.label}>
                <text x={labelWidth - 8} y={y + 13} textAnchor="end">
                  {row.label.length > 20 ? `${row.label.slice(0, 19)}…` : row.label}
                </text>
                {segments.map((s) => {
                  const value = row.values[s.key] ?? 0;
                  const w = (value / max) * barWidth;
                  const rect = value > 0 && (
                    <rect key={s.key} x={x} y={y} width={Math.max(w, 1)} height={rowHeight - 8} fill={s.color}>
                      <title>{`${row.label}: ${value} ${s.label.toLowerCase()}`}</title>
                    </rect>
                  );
                  x += w;
                  return rect;
                })}
                <text x={x + 6} y={y + 13}>
                  {totals[i].toLocaleString()}
                </text>
              </g>
            );
          })}
        </svg>
      )}
      {segments.length > 1 && <Legend keys={segments} />}
      <DataTable title={title} rowHeader="Item" keys={segments} rows={rows} />
    </figure>
  );
}

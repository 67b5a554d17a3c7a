import './charts.css';

export interface Key {
  key: string;
  label: string;
  color: string;
}

/** The colours of a chart's series, with an optional text after each label (a total, say). */
export function Legend({ keys, suffix }: { keys: Key[]; suffix?: (key: Key) => string }) {
  return (
    <ul className="legend">
      {keys.map((k) => (
        <li key={k.key}>
          <span className="swatch" style={{ background: k.color }} aria-hidden="true" />
          {k.label}
          {suffix?.(k)}
        </li>
      ))}
    </ul>
  );
}

/** A chart's numbers as a table only screen readers see: the picture's text alternative. */
export function DataTable({
  title,
  rowHeader,
  keys,
  rows,
}: {
  title: string;
  rowHeader: string;
  keys: Key[];
  rows: { label: string; values: Record<string, number> }[];
}) {
  return (
    <table className="visually-hidden">
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">{rowHeader}</th>
          {keys.map((k) => (
            <th scope="col" key={k.key}>
              {k.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={row.label + i}>
            <th scope="row">{row.label}</th>
            {keys.map((k) => (
              <td key={k.key}>{row.values[k.key] ?? 0}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

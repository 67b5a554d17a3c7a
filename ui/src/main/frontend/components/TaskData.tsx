import { prettyJson } from 'Frontend/lib/format';

/**
 * A task's imported data, shown as text. Imported data is hostile: it is never interpreted as HTML; string fields
 * are shown as they are (line breaks kept), everything else as JSON. Assets are linked by their signed URLs.
 */
export function TaskData({ dataJson, assets }: { dataJson: string; assets?: Record<string, string> }) {
  let data: unknown;
  try {
    data = JSON.parse(dataJson);
  } catch {
    return <pre className="task-data">{dataJson}</pre>;
  }
  const links = Object.entries(assets ?? {});
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    return (
      <div className="task-data">
        <dl>
          {Object.entries(data as Record<string, unknown>).map(([key, value]) => (
            <div key={key} className="task-field">
              <dt>{key}</dt>
              <dd>{typeof value === 'string' ? <p className="task-text">{value}</p> : <pre>{prettyJson(JSON.stringify(value))}</pre>}</dd>
            </div>
          ))}
        </dl>
        {links.length > 0 && <AssetLinks links={links} />}
      </div>
    );
  }
  return <pre className="task-data">{prettyJson(dataJson)}</pre>;
}

function AssetLinks({ links }: { links: [string, string][] }) {
  return (
    <ul className="asset-links" aria-label="Attached files">
      {links
        .filter(([, url]) => /^(https?:)?\//.test(url))
        .map(([ref, url]) => (
          <li key={ref}>
            <a href={url} target="_blank" rel="noopener noreferrer">
              Open attached file {ref.slice(0, 8)}
            </a>
          </li>
        ))}
    </ul>
  );
}

import { useState } from 'react';
import type { ViewConfig } from '@vaadin/hilla-file-router/types.js';
import { ProjectService } from 'Frontend/generated/endpoints';
import { SchemaEditor } from 'Frontend/components/SchemaEditor';
import { toProblem } from 'Frontend/lib/errors';
import { humanize, prettyJson } from 'Frontend/lib/format';
import { useProject } from 'Frontend/lib/project-context';
import { MANAGING, can } from 'Frontend/lib/roles';

export const config: ViewConfig = {
  title: 'Schema and settings',
  loginRequired: true,
  menu: { exclude: true },
};

/** The project's settings and its response schema; managers save schema changes as a new version. */
export default function SettingsView() {
  const { project, reload } = useProject();
  const manage = can(MANAGING, project.role);
  const [schema, setSchema] = useState(() => prettyJson(project.schemaJson));
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string }>();
  const [busy, setBusy] = useState(false);

  async function save() {
    setBusy(true);
    setMessage(undefined);
    try {
      const version = await ProjectService.changeSchema(project.id, schema);
      setMessage({ kind: 'ok', text: `Saved as schema version ${version}. Tasks claimed before keep the version they were given.` });
      reload();
    } catch (e) {
      const problem = toProblem(e);
      const details = Object.entries(problem.fields).map(([k, v]) => (k ? `${k}: ${v}` : v));
      setMessage({ kind: 'error', text: [problem.message, ...details].join(' · ') });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">Schema and settings</h1>
      <dl className="facts">
        <dt>Annotators per task</dt>
        <dd>{project.overlap}</dd>
        <dt>Lease</dt>
        <dd>{Math.round(project.leaseSeconds / 60)} minutes</dd>
        <dt>Review</dt>
        <dd>
          {humanize(project.reviewMode)}
          {project.reviewMode === 'SAMPLE' && ` (${Math.round(project.sampleRate * 100)}%)`}
        </dd>
        <dt>Schema version</dt>
        <dd>{project.schemaVersion}</dd>
      </dl>
      {project.instructions && (
        <>
          <h2>Instructions</h2>
          <p className="instructions">{project.instructions}</p>
        </>
      )}
      <h2>Response schema</h2>
      <SchemaEditor value={schema} onChange={setSchema} id="settings-schema" readOnly={!manage} />
      {manage && (
        <div className="button-row">
          <button type="button" disabled={busy || schema === prettyJson(project.schemaJson)} onClick={save}>
            Save as version {project.schemaVersion + 1}
          </button>
        </div>
      )}
      {message && (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind}>
          {message.text}
        </p>
      )}
    </section>
  );
}

import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { ViewConfig } from '@vaadin/hilla-file-router/types.js';
import { ProjectService } from 'Frontend/generated/endpoints';
import ReviewMode from 'Frontend/generated/io/annotrail/domain/common/ReviewMode';
import { EXAMPLE_SCHEMA, SchemaEditor } from 'Frontend/components/SchemaEditor';
import { toProblem } from 'Frontend/lib/errors';

export const config: ViewConfig = {
  title: 'New project',
  loginRequired: true,
  menu: { exclude: true },
};

/** Project creation: name, instructions, the response schema with a live preview, overlap, lease and review policy. */
export default function NewProjectView() {
  const { workspaceId = '' } = useParams();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [instructions, setInstructions] = useState('');
  const [schema, setSchema] = useState(EXAMPLE_SCHEMA);
  const [overlap, setOverlap] = useState(1);
  const [leaseMinutes, setLeaseMinutes] = useState(10);
  const [reviewMode, setReviewMode] = useState<ReviewMode>(ReviewMode.ALL);
  const [sampleRate, setSampleRate] = useState(0.2);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    try {
      const id = await ProjectService.create(workspaceId, {
        name: name.trim(),
        instructions: instructions.trim() || undefined,
        schemaJson: schema,
        overlap,
        leaseSeconds: Math.round(leaseMinutes * 60),
        reviewMode,
        sampleRate: reviewMode === ReviewMode.SAMPLE ? sampleRate : 0,
      });
      navigate(`/projects/${id}/batches`);
    } catch (err) {
      const problem = toProblem(err);
      setErrors({ ...problem.fields, form: problem.message });
    } finally {
      setBusy(false);
    }
  }

  const fieldError = (key: string) =>
    errors[key] ?? errors[`project.${key}`] ?? Object.entries(errors).find(([k]) => k.endsWith(`.${key}`))?.[1];

  return (
    <section aria-labelledby="new-project-title">
      <p className="breadcrumbs">
        <Link to={`/workspaces/${workspaceId}`}>Workspace</Link> /
      </p>
      <h1 id="new-project-title">New project</h1>
      <form className="stack-form wide" onSubmit={submit}>
        {errors.form && (
          <p role="alert" className="error">
            {errors.form}
          </p>
        )}
        <label htmlFor="project-name">Name</label>
        <input id="project-name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        {fieldError('name') && <p className="field-error">{fieldError('name')}</p>}
        <label htmlFor="project-instructions">Instructions for annotators</label>
        <textarea
          id="project-instructions"
          rows={4}
          maxLength={20000}
          value={instructions}
          onChange={(e) => setInstructions(e.target.value)}
        />
        <SchemaEditor value={schema} onChange={setSchema} id="project-schema" />
        {(fieldError('schemaJson') ?? fieldError('responseSchema')) && (
          <p className="field-error">{fieldError('schemaJson') ?? fieldError('responseSchema')}</p>
        )}
        <div className="field-row">
          <div>
            <label htmlFor="project-overlap">Annotators per task</label>
            <input id="project-overlap" type="number" min={1} max={20} value={overlap} onChange={(e) => setOverlap(Number(e.target.value))} />
          </div>
          <div>
            <label htmlFor="project-lease">Lease (minutes)</label>
            <input
              id="project-lease"
              type="number"
              min={0.5}
              max={1440}
              step={0.5}
              value={leaseMinutes}
              onChange={(e) => setLeaseMinutes(Number(e.target.value))}
            />
          </div>
          <div>
            <label htmlFor="project-review">Review</label>
            <select id="project-review" value={reviewMode} onChange={(e) => setReviewMode(e.target.value as ReviewMode)}>
              <option value={ReviewMode.ALL}>Every annotation</option>
              <option value={ReviewMode.SAMPLE}>A sample</option>
              <option value={ReviewMode.NONE}>None</option>
            </select>
          </div>
          {reviewMode === ReviewMode.SAMPLE && (
            <div>
              <label htmlFor="project-sample">Sample rate</label>
              <input
                id="project-sample"
                type="number"
                min={0.01}
                max={0.99}
                step={0.01}
                value={sampleRate}
                onChange={(e) => setSampleRate(Number(e.target.value))}
              />
            </div>
          )}
        </div>
        {Object.entries(errors)
          .filter(([k]) => !['form', 'name', 'schemaJson', 'responseSchema'].some((s) => k === s || k.endsWith(`.${s}`)))
          .map(([k, v]) => (
            <p key={k} className="field-error">
              {k}: {v}
            </p>
          ))}
        <button type="submit" disabled={busy || !name.trim()}>
          Create project
        </button>
      </form>
    </section>
  );
}

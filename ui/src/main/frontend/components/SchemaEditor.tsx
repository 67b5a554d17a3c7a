import { useEffect, useMemo, useState } from 'react';
import { ProjectService } from 'Frontend/generated/endpoints';
import { SchemaForm } from 'Frontend/components/schema-form/SchemaForm';
import { compileForm, initialValue } from 'Frontend/components/schema-form/model';
import { validate } from 'Frontend/components/schema-form/validate';

export const EXAMPLE_SCHEMA = `{
  "type": "object",
  "properties": {
    "sentiment": {
      "title": "Sentiment",
      "description": "The overall tone of the text",
      "enum": ["positive", "neutral", "negative"]
    },
    "confidence": { "title": "Confidence", "type": "integer", "minimum": 1, "maximum": 5 },
    "sarcastic": { "title": "Sarcastic", "type": "boolean" },
    "topics": {
      "title": "Topics",
      "type": "array",
      "items": { "enum": ["price", "quality", "delivery", "support"] },
      "uniqueItems": true
    },
    "notes": { "title": "Notes", "type": "string", "maxLength": 500 }
  },
  "required": ["sentiment", "confidence"]
}`;

type Parsed = { ok: true; schema: unknown } | { ok: false; message: string };

function parse(text: string): Parsed {
  try {
    return { ok: true, schema: JSON.parse(text) };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * A JSON Schema editor beside a live preview of the form annotators will get. The JSON is checked as it is typed
 * (syntax here; the server's rules, such as local-only $refs and safe regular expressions, half a second after the
 * last keystroke).
 */
export function SchemaEditor({
  value,
  onChange,
  id = 'schema',
  readOnly = false,
}: {
  value: string;
  onChange: (text: string) => void;
  id?: string;
  readOnly?: boolean;
}) {
  const parsed = useMemo(() => parse(value), [value]);
  const model = useMemo(() => (parsed.ok ? safeCompile(parsed.schema) : undefined), [parsed]);
  const [serverProblems, setServerProblems] = useState<{ path: string; message: string }[]>([]);
  const [previewValue, setPreviewValue] = useState<Record<string, unknown>>({});

  useEffect(() => {
    if (model) setPreviewValue(initialValue(model) as Record<string, unknown>);
  }, [model]);

  useEffect(() => {
    if (!parsed.ok) {
      setServerProblems([]);
      return undefined;
    }
    let cancelled = false;
    const timer = setTimeout(() => {
      ProjectService.checkSchema(value).then(
        (problems) => !cancelled && setServerProblems(problems),
        () => !cancelled && setServerProblems([]),
      );
    }, 500);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [value, parsed.ok]);

  const previewErrors = model ? validate(model, previewValue) : {};
  return (
    <div className="schema-editor">
      <div className="schema-source">
        <label htmlFor={id}>Response schema (JSON Schema)</label>
        <textarea
          id={id}
          className="code"
          spellCheck={false}
          rows={24}
          readOnly={readOnly}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={!parsed.ok || serverProblems.length > 0 ? true : undefined}
          aria-describedby={`${id}-problems`}
        />
        <div id={`${id}-problems`} aria-live="polite">
          {!parsed.ok && <p className="field-error">Not valid JSON: {parsed.message}</p>}
          {serverProblems.length > 0 && (
            <ul className="field-error">
              {serverProblems.map((p) => (
                <li key={p.path + p.message}>
                  {p.path ? <code>{p.path}</code> : null} {p.message}
                </li>
              ))}
            </ul>
          )}
          {parsed.ok && serverProblems.length === 0 && <p className="ok">The schema is valid.</p>}
        </div>
      </div>
      <div className="schema-preview" role="region" aria-label="Preview of the annotation form">
        <p className="preview-label">Preview</p>
        {model ? (
          <SchemaForm model={model} value={previewValue} onChange={(v) => setPreviewValue(v as Record<string, unknown>)} errors={{}} idPrefix={`${id}-preview`} shortcuts={false} />
        ) : (
          <p className="empty">The preview appears when the schema is valid JSON.</p>
        )}
        {model && Object.keys(previewErrors).length > 0 && <p className="muted">Try it: {Object.keys(previewErrors).length} field(s) still need a value.</p>}
      </div>
    </div>
  );
}

function safeCompile(schema: unknown) {
  try {
    return compileForm(schema);
  } catch {
    return undefined;
  }
}

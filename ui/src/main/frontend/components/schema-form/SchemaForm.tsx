import { type ReactNode, type RefObject, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import {
  type ChoiceField,
  type Field,
  type FormModel,
  type FormValue,
  type GroupField,
  type JsonField,
  type MultiField,
  type NumberField,
  type RatingField,
  type TextField,
  JsonDraft,
  getAt,
  optionIndex,
  setAt,
  shortcutTarget,
  toggleOption,
} from './model';
import { type FieldErrors, placeErrors } from './validate';
import './schema-form.css';

/*
 * Every label, description, option label and message below comes from a project's schema, imported task data or
 * the server, and is rendered as React text only: never as HTML.
 */

export interface SchemaFormProps {
  model: FormModel;
  value: FormValue;
  onChange: (value: FormValue) => void;
  /** Messages by JSON pointer (client validation, server violations); unknown pointers go to a summary on top. */
  errors?: FieldErrors;
  disabled?: boolean;
  /** Makes element ids unique when a page shows more than one form; generated when absent. */
  idPrefix?: string;
  /** Called with the field's pointer after an option is picked, by pointer or by number key. */
  onActivate?: (pointer: string) => void;
  /** Number keys 1–9 pick options (default true; never while disabled). */
  shortcuts?: boolean;
}

/** A DOM id for a field: the pointer with everything but letters, digits and '-' escaped, so ids never collide. */
export function fieldId(idPrefix: string, pointer: string): string {
  const escape = (text: string) => text.replace(/[^A-Za-z0-9-]/g, (c) => `_${c.charCodeAt(0).toString(16)}_`);
  return `${escape(idPrefix)}-f${escape(pointer)}`;
}

const NON_TYPING_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);

/** True for elements where a digit is text being typed, not a shortcut. */
export function isTypingTarget(element: EventTarget | null): boolean {
  if (!(element instanceof Element)) return false;
  if (element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement) return true;
  if (element instanceof HTMLInputElement) return !NON_TYPING_INPUTS.has(element.type);
  return element.closest('[contenteditable]:not([contenteditable="false"])') !== null;
}

export interface ChoiceShortcutOptions {
  model: FormModel;
  value: FormValue;
  onChange: (value: FormValue) => void;
  enabled?: boolean;
  /** The form's root element: focus inside it selects the field the keys act on. */
  root?: RefObject<HTMLElement | null>;
  onActivate?: (pointer: string) => void;
}

/**
 * Installs the number-key shortcuts on {@code document}: keys 1–9 pick option N of the focused choice, rating or
 * multi-select field, or, with focus on no field, of the first choice or rating field without an answer (see
 * {@link shortcutTarget}). Ignored while typing, with Ctrl/Alt/Meta, on auto-repeat, and while focus is on an input
 * outside this form, in another schema form, in a dialog or anywhere inside an element marked
 * {@code data-sf-no-shortcuts} (a side form, such as the skip-reason picker, with buttons of its own).
 */
export function useChoiceShortcuts({ model, value, onChange, enabled = true, root, onActivate }: ChoiceShortcutOptions) {
  const latest = useRef({ model, value, onChange, onActivate });
  useLayoutEffect(() => {
    latest.current = { model, value, onChange, onActivate };
  });

  useEffect(() => {
    if (!enabled) return undefined;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey || event.repeat || event.isComposing) {
        return;
      }
      if (!/^[1-9]$/.test(event.key)) return;
      const active = document.activeElement;
      if (isTypingTarget(active) || isTypingTarget(event.target)) return;
      const formElement = root?.current ?? null;
      let focusedPointer: string | null = null;
      if (active instanceof HTMLElement && active !== document.body) {
        if (formElement && formElement.contains(active)) {
          focusedPointer = active.closest<HTMLElement>('[data-sf-pointer]')?.dataset.sfPointer ?? null;
        } else if (
          active.closest('.sf-form, dialog, [role="dialog"], [data-sf-no-shortcuts]') !== null ||
          active instanceof HTMLInputElement ||
          active instanceof HTMLSelectElement
        ) {
          // Another form, a dialog (say, picking a skip reason) or some other control: the keys are not ours.
          // Focus left on a button or link (the Submit just pressed) still lets them pick in this form.
          return;
        }
      }
      const current = latest.current;
      const target = shortcutTarget(current.model, current.value, focusedPointer, event.key);
      if (!target) return;
      event.preventDefault();
      const next = setAt(current.value, target.pointer, target.newValue);
      // A second key before the parent re-renders must build on this change, not on the stale value.
      latest.current = { ...current, value: next };
      current.onChange(next);
      current.onActivate?.(target.pointer);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [enabled, root]);
}

interface Context {
  value: FormValue;
  set: (pointer: string, value: unknown) => void;
  errors: ReadonlyMap<string, string>;
  disabled: boolean;
  idPrefix: string;
  onActivate?: (pointer: string) => void;
}

export function SchemaForm({
  model,
  value,
  onChange,
  errors,
  disabled = false,
  idPrefix,
  onActivate,
  shortcuts = true,
}: SchemaFormProps) {
  const generated = useId();
  const prefix = idPrefix ?? `sf${generated}`;
  const rootRef = useRef<HTMLDivElement>(null);
  const placed = useMemo(() => placeErrors(model, errors), [model, errors]);

  useChoiceShortcuts({ model, value, onChange, enabled: shortcuts && !disabled, root: rootRef, onActivate });

  const context: Context = {
    value,
    set: (pointer, fieldValue) => onChange(setAt(value, pointer, fieldValue)),
    errors: placed.byField,
    disabled,
    idPrefix: prefix,
    onActivate,
  };

  return (
    <div className="sf-form" ref={rootRef}>
      {placed.summary.length > 0 && (
        <div className="sf-summary" role="alert">
          <p className="sf-summary-title">Please check the response:</p>
          <ul>
            {placed.summary.map(({ pointer, message }) => (
              <li key={pointer}>
                {pointer !== '' && <code className="sf-summary-path">{pointer}</code>} {message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {model.fields.length === 0 && <p className="sf-empty">This response schema defines no fields to fill in.</p>}
      {model.fields.map((field) => (
        <FieldView key={field.pointer} field={field} context={context} />
      ))}
    </div>
  );
}

export default SchemaForm;

function FieldView({ field, context }: { field: Field; context: Context }): ReactNode {
  switch (field.kind) {
    case 'choice':
    case 'rating':
      return <ChoiceView field={field} context={context} />;
    case 'multi':
      return <MultiView field={field} context={context} />;
    case 'checkbox':
      return <CheckboxView field={field} context={context} />;
    case 'number':
      return <NumberView field={field} context={context} />;
    case 'text':
    case 'textarea':
      return <TextView field={field} context={context} />;
    case 'group':
      return <GroupView field={field} context={context} />;
    case 'json':
      return <JsonView field={field} context={context} />;
  }
}

/** Ids and ARIA attributes shared by every field. */
function fieldParts(field: Field, context: Context, extraHelp?: string) {
  const id = fieldId(context.idPrefix, field.pointer);
  const error = context.errors.get(field.pointer);
  const helpText = [field.description, extraHelp].filter(Boolean).join(' ');
  const helpId = helpText ? `${id}-help` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [helpId, errorId].filter(Boolean).join(' ') || undefined;
  return {
    id,
    error,
    describedBy,
    aria: {
      'aria-describedby': describedBy,
      'aria-invalid': error ? (true as const) : undefined,
    },
    help: helpId ? (
      <p id={helpId} className="sf-help">
        {helpText}
      </p>
    ) : null,
    errorNode: errorId ? (
      <p id={errorId} className="sf-error" role="alert">
        {error}
      </p>
    ) : null,
  };
}

function LabelText({ field }: { field: Field }) {
  return (
    <>
      <span className="sf-label-text">{field.label}</span>
      {field.required && (
        <span className="sf-required" aria-hidden="true">
          {' *'}
        </span>
      )}
    </>
  );
}

/**
 * The options of a choice, rating or multi-select field as one group: radio inputs (one answer, radiogroup
 * semantics) or checkboxes (several), each with its number-key badge.
 */
function OptionGroup({
  field,
  context,
  type,
  hint,
  isChecked,
  onToggle,
  badge,
}: {
  field: ChoiceField | RatingField | MultiField;
  context: Context;
  type: 'radio' | 'checkbox';
  hint?: string;
  isChecked: (index: number) => boolean;
  onToggle: (index: number) => void;
  badge: (index: number) => boolean;
}) {
  const parts = fieldParts(field, context, hint);
  const legendId = `${parts.id}-legend`;
  const kind = field.kind === 'multi' ? 'sf-multi' : `sf-choice${field.kind === 'rating' ? ' sf-rating' : ''}`;
  return (
    <fieldset
      className={`sf-field ${kind}`}
      data-sf-pointer={field.pointer}
      role={type === 'radio' ? 'radiogroup' : undefined}
      aria-labelledby={legendId}
      aria-required={(type === 'radio' && field.required) || undefined}
      {...parts.aria}
      disabled={context.disabled}
    >
      <legend id={legendId} className="sf-label">
        <LabelText field={field} />
      </legend>
      {parts.help}
      <div className="sf-options">
        {field.options.map((option, index) => (
          <label key={index} className="sf-option">
            <input
              type={type}
              className="sf-option-input"
              name={type === 'radio' ? parts.id : undefined}
              value={type === 'radio' ? String(index) : undefined}
              checked={isChecked(index)}
              onChange={() => {
                onToggle(index);
                context.onActivate?.(field.pointer);
              }}
              aria-keyshortcuts={index < 9 ? String(index + 1) : undefined}
            />
            {index < 9 && badge(index) && (
              <kbd className="sf-key" aria-hidden="true">
                {index + 1}
              </kbd>
            )}
            <span className="sf-option-label">{option.label}</span>
          </label>
        ))}
      </div>
      {parts.errorNode}
    </fieldset>
  );
}

function ChoiceView({ field, context }: { field: ChoiceField | RatingField; context: Context }) {
  const selected = optionIndex(field.options, getAt(context.value, field.pointer));
  return (
    <OptionGroup
      field={field}
      context={context}
      type="radio"
      isChecked={(index) => selected === index}
      onToggle={(index) => context.set(field.pointer, field.options[index].value)}
      // A rating 1..5 is its own shortcut; a badge would only repeat the number.
      badge={(index) => field.options[index].label !== String(index + 1)}
    />
  );
}

function itemsHint(field: MultiField): string | undefined {
  const { minItems, maxItems } = field;
  if (minItems !== undefined && maxItems !== undefined) {
    return minItems === maxItems ? `Choose ${minItems}.` : `Choose ${minItems} to ${maxItems}.`;
  }
  if (minItems !== undefined && minItems > 0) return `Choose at least ${minItems}.`;
  if (maxItems !== undefined) return `Choose up to ${maxItems}.`;
  return undefined;
}

function MultiView({ field, context }: { field: MultiField; context: Context }) {
  const current = getAt(context.value, field.pointer);
  const chosen = new Set((Array.isArray(current) ? current : []).map((item) => optionIndex(field.options, item)));
  return (
    <OptionGroup
      field={field}
      context={context}
      type="checkbox"
      hint={itemsHint(field)}
      isChecked={(index) => chosen.has(index)}
      onToggle={(index) => context.set(field.pointer, toggleOption(field, current, index))}
      badge={() => true}
    />
  );
}

function CheckboxView({ field, context }: { field: Field; context: Context }) {
  const parts = fieldParts(field, context);
  return (
    <div className="sf-field sf-checkbox" data-sf-pointer={field.pointer}>
      <div className="sf-checkbox-row">
        <input
          id={parts.id}
          type="checkbox"
          className="sf-checkbox-input"
          checked={getAt(context.value, field.pointer) === true}
          onChange={(event) => context.set(field.pointer, event.target.checked)}
          aria-required={field.required || undefined}
          {...parts.aria}
          disabled={context.disabled}
        />
        <label htmlFor={parts.id} className="sf-label">
          <LabelText field={field} />
        </label>
      </div>
      {parts.help}
      {parts.errorNode}
    </div>
  );
}

/** A field with one labelled control: label, help, the control itself, then its error. */
function LabelledField({
  field,
  parts,
  kind,
  children,
}: {
  field: Field;
  parts: ReturnType<typeof fieldParts>;
  kind: string;
  children: ReactNode;
}) {
  return (
    <div className={`sf-field sf-${kind}`} data-sf-pointer={field.pointer}>
      <label htmlFor={parts.id} className="sf-label">
        <LabelText field={field} />
      </label>
      {parts.help}
      {children}
      {parts.errorNode}
    </div>
  );
}

function TextView({ field, context }: { field: TextField; context: Context }) {
  const parts = fieldParts(field, context);
  const current = getAt(context.value, field.pointer);
  const text = typeof current === 'string' ? current : '';
  const common = {
    id: parts.id,
    className: 'sf-input',
    value: text,
    onChange: (event: { target: { value: string } }) => context.set(field.pointer, event.target.value),
    'aria-required': field.required || undefined,
    ...parts.aria,
    disabled: context.disabled,
  };
  const length = [...text].length;
  return (
    <LabelledField field={field} parts={parts} kind={field.kind}>
      {field.kind === 'textarea' ? <textarea rows={4} {...common} /> : <input type={field.inputType} {...common} />}
      {field.maxLength !== undefined && (
        <span className={`sf-counter${length > field.maxLength ? ' sf-counter-over' : ''}`}>
          {length} / {field.maxLength}
        </span>
      )}
    </LabelledField>
  );
}

function numberHint(field: NumberField): string | undefined {
  const low = field.minimum ?? field.exclusiveMinimum;
  const high = field.maximum ?? field.exclusiveMaximum;
  if (low !== undefined && high !== undefined) return `From ${low} to ${high}.`;
  if (low !== undefined) return `At least ${low}.`;
  if (high !== undefined) return `At most ${high}.`;
  return undefined;
}

/**
 * Text the user is typing, kept while it maps to the value the parent holds; any other value coming from outside
 * (a reset, the next task) replaces it.
 */
function useDraft(current: unknown, format: (value: unknown) => string) {
  const [draft, setDraft] = useState<{ text: string; value: unknown }>({ text: format(current), value: current });
  const text = Object.is(draft.value, current) ? draft.text : format(current);
  return { text, remember: (nextText: string, nextValue: unknown) => setDraft({ text: nextText, value: nextValue }) };
}

function NumberView({ field, context }: { field: NumberField; context: Context }) {
  const parts = fieldParts(field, context, numberHint(field));
  const current = getAt(context.value, field.pointer);
  const draft = useDraft(current, (value) => (typeof value === 'number' ? String(value) : ''));
  const onChange = (text: string) => {
    const trimmed = text.trim();
    const parsed = trimmed === '' ? undefined : Number(trimmed);
    const next = parsed === undefined || Number.isNaN(parsed) ? undefined : parsed;
    draft.remember(text, next);
    context.set(field.pointer, next);
  };
  return (
    <LabelledField field={field} parts={parts} kind="number">
      <input
        id={parts.id}
        type="number"
        className="sf-input sf-input-number"
        inputMode={field.integer ? 'numeric' : 'decimal'}
        value={draft.text}
        min={field.minimum ?? field.exclusiveMinimum}
        max={field.maximum ?? field.exclusiveMaximum}
        step={field.multipleOf ?? (field.integer ? 1 : 'any')}
        onChange={(event) => onChange(event.target.value)}
        aria-required={field.required || undefined}
        {...parts.aria}
        disabled={context.disabled}
      />
    </LabelledField>
  );
}

function formatJson(value: unknown): string {
  if (value instanceof JsonDraft) return value.text;
  if (value === undefined) return '';
  return JSON.stringify(value, null, 2) ?? '';
}

function JsonView({ field, context }: { field: JsonField; context: Context }) {
  const parts = fieldParts(field, context, 'Enter JSON.');
  const current = getAt(context.value, field.pointer);
  const draft = useDraft(current, formatJson);
  const onChange = (text: string) => {
    let next: unknown;
    if (text.trim() === '') {
      next = undefined;
    } else {
      try {
        next = JSON.parse(text);
      } catch {
        next = new JsonDraft(text);
      }
    }
    draft.remember(text, next);
    context.set(field.pointer, next);
  };
  return (
    <LabelledField field={field} parts={parts} kind="json">
      <textarea
        id={parts.id}
        className="sf-input sf-input-json"
        rows={6}
        spellCheck={false}
        value={draft.text}
        onChange={(event) => onChange(event.target.value)}
        aria-required={field.required || undefined}
        {...parts.aria}
        disabled={context.disabled}
      />
    </LabelledField>
  );
}

function GroupView({ field, context }: { field: GroupField; context: Context }) {
  const parts = fieldParts(field, context);
  return (
    <fieldset
      className="sf-group"
      data-sf-pointer={field.pointer}
      aria-describedby={parts.describedBy}
      aria-invalid={parts.error ? true : undefined}
    >
      <legend className="sf-group-legend">
        <LabelText field={field} />
      </legend>
      {parts.help}
      {parts.errorNode}
      <div className="sf-group-fields">
        {field.fields.map((child) => (
          <FieldView key={child.pointer} field={child} context={context} />
        ))}
      </div>
    </fieldset>
  );
}

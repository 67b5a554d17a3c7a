import {
  type Field,
  type FormModel,
  type FormValue,
  JsonDraft,
  fieldError,
  getAt,
  isEmpty,
  isPlainObject,
  own,
  pointerSegments,
} from './model';

/** Messages keyed by JSON pointer ({@code ""} is the whole response). */
export type FieldErrors = Record<string, string>;

/** A server-side problem, as the API reports it: a JSON pointer into the response and a message. */
export interface Violation {
  path: string;
  message: string;
}

function put(target: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * The fields' values as the schema wants them: empty optional answers (nothing, '', an empty list, an optional group
 * left empty) are left out instead of being sent as values the schema may reject; unfinished JSON text is left out
 * too (validation reports it). Keys the form does not know are dropped.
 */
function collect(fields: Field[], source: unknown): FormValue {
  const result: FormValue = {};
  for (const field of fields) {
    const value = own(source, field.key);
    if (field.kind === 'group') {
      const nested = collect(field.fields, value);
      if (field.required || Object.keys(nested).length > 0) {
        put(result, field.key, nested);
      }
      continue;
    }
    if (value === undefined || value instanceof JsonDraft) {
      continue;
    }
    if (!field.required && isEmpty(value)) {
      continue;
    }
    put(result, field.key, value);
  }
  return result;
}

export function toResponse(model: FormModel, value: FormValue): FormValue {
  return collect(model.fields, value);
}

/**
 * Client-side checks mirroring the server's (required, options, bounds, lengths, item counts, pattern, whole
 * numbers), so most mistakes show before a round trip; the server stays the authority. One message per field.
 * The fields of an optional group the user left empty are not checked: the group is not sent at all.
 */
export function validate(model: FormModel, value: FormValue): FieldErrors {
  const errors: FieldErrors = {};
  const check = (fields: Field[]) => {
    for (const field of fields) {
      const current = getAt(value, field.pointer);
      if (field.kind === 'group') {
        if (current !== undefined && !isPlainObject(current)) {
          errors[field.pointer] = 'Must be an object';
          continue;
        }
        if (!field.required && Object.keys(collect(field.fields, current)).length === 0) {
          continue;
        }
        check(field.fields);
        continue;
      }
      const message = fieldError(field, current);
      if (message !== undefined) {
        errors[field.pointer] = message;
      }
    }
  };
  check(model.fields);
  return errors;
}

/** Server violations as field errors; several messages for one path are joined. */
export function violationsToErrors(violations: readonly Violation[]): FieldErrors {
  const grouped = new Map<string, string[]>();
  for (const violation of violations) {
    const path = typeof violation.path === 'string' ? violation.path : '';
    const messages = grouped.get(path) ?? [];
    if (!messages.includes(violation.message)) messages.push(String(violation.message));
    grouped.set(path, messages);
  }
  const errors: FieldErrors = {};
  for (const [path, messages] of grouped) {
    put(errors, path, messages.join('; '));
  }
  return errors;
}

export interface PlacedErrors {
  /** Messages shown next to a field, by the field's pointer. */
  byField: ReadonlyMap<string, string>;
  /** Messages that belong to no field (the whole response, unknown properties), shown above the form. */
  summary: { pointer: string; message: string }[];
}

/**
 * Puts each error next to the field it names. A pointer inside a field's value (an item of a list, a key inside a
 * JSON field) goes to that field; a pointer naming no field, or only a group's unknown member, goes to the summary.
 */
export function placeErrors(model: FormModel, errors: FieldErrors | undefined): PlacedErrors {
  const byField = new Map<string, string>();
  const summary: { pointer: string; message: string }[] = [];
  for (const pointer of Object.keys(errors ?? {})) {
    const message = errors![pointer];
    if (typeof message !== 'string' || message === '') continue;
    const target = fieldFor(model, pointer);
    if (target === undefined) {
      summary.push({ pointer, message });
    } else {
      const earlier = byField.get(target);
      byField.set(target, earlier ? `${earlier}; ${message}` : message);
    }
  }
  return { byField, summary };
}

function fieldFor(model: FormModel, pointer: string): string | undefined {
  if (model.byPointer.has(pointer)) {
    return pointer;
  }
  const segments = pointerSegments(pointer);
  for (let length = segments.length - 1; length > 0; length--) {
    const ancestor = segments
      .slice(0, length)
      .map((segment) => `/${segment.replaceAll('~', '~0').replaceAll('/', '~1')}`)
      .join('');
    const field = model.byPointer.get(ancestor);
    if (field) {
      return field.kind === 'group' ? undefined : ancestor;
    }
  }
  return undefined;
}

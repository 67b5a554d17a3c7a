/*
 * Turns a project's response schema (a JSON Schema draft 2020-12 subset, root "type": "object") into a tree of form
 * fields. Schemas come from project owners and may be hostile: nothing here evaluates them beyond reading plain
 * values, every lookup is an own-property lookup (a property called "constructor" or "__proto__" is just a name),
 * references are followed only inside the document and never around a cycle, and anything not understood falls back
 * to a JSON text field, leaving the final word to the server's validator.
 */

export type FormValue = Record<string, unknown>;

export interface ChoiceOption {
  value: unknown;
  label: string;
}

interface FieldBase {
  /** The property name in its parent object. */
  key: string;
  /** JSON pointer of the value in the response, e.g. {@code /details/quality}. */
  pointer: string;
  label: string;
  description?: string;
  required: boolean;
  /** The schema's default, only when it is a valid value for the field. */
  defaultValue?: unknown;
}

/** One value out of a list: option buttons with radio-group semantics. */
export interface ChoiceField extends FieldBase {
  kind: 'choice';
  options: ChoiceOption[];
}

/** A small integer range (at most {@link MAX_RATING_OPTIONS} values), shown as numbered buttons. */
export interface RatingField extends FieldBase {
  kind: 'rating';
  options: ChoiceOption[];
  minimum: number;
  maximum: number;
}

export interface CheckboxField extends FieldBase {
  kind: 'checkbox';
}

export interface NumberField extends FieldBase {
  kind: 'number';
  integer: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
}

export interface TextField extends FieldBase {
  kind: 'text' | 'textarea';
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  /** HTML input type for a few string formats (text inputs only). */
  inputType: 'text' | 'email' | 'url' | 'date';
}

/** An array of values out of a list: a group of toggle buttons. */
export interface MultiField extends FieldBase {
  kind: 'multi';
  options: ChoiceOption[];
  minItems?: number;
  maxItems?: number;
  uniqueItems: boolean;
}

/** A nested object: a fieldset of its own fields. */
export interface GroupField extends FieldBase {
  kind: 'group';
  fields: Field[];
}

/** Anything the form cannot render natively: edited as JSON text, checked for its basic type only. */
export interface JsonField extends FieldBase {
  kind: 'json';
  /** The schema's type, when it names one, e.g. "array" or "object". */
  jsonType?: string;
  minItems?: number;
  maxItems?: number;
}

export type Field =
  | ChoiceField
  | RatingField
  | CheckboxField
  | NumberField
  | TextField
  | MultiField
  | GroupField
  | JsonField;

export type OptionField = ChoiceField | RatingField | MultiField;

export interface FormModel {
  title?: string;
  description?: string;
  fields: Field[];
  /** Every field, groups included, in document order. */
  all: Field[];
  byPointer: ReadonlyMap<string, Field>;
}

/**
 * What a JSON field holds while its text is not valid JSON: validation reports it, {@link toResponse} drops it, and
 * the text survives re-renders so the user can finish typing.
 */
export class JsonDraft {
  constructor(readonly text: string) {}
}

export const MAX_RATING_OPTIONS = 10;
/** Text inputs up to this many characters; longer or unbounded strings get a textarea. */
export const TEXT_INPUT_MAX_LENGTH = 200;
/** Nesting and reference-chain limits, in line with the server's schema depth limit. */
const MAX_DEPTH = 32;
const MAX_REF_HOPS = 32;

type Schema = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof JsonDraft);
}

export function own(object: unknown, key: string): unknown {
  return isPlainObject(object) && Object.hasOwn(object, key) ? object[key] : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

// ---- JSON pointers -------------------------------------------------------------------------------------------------

export function childPointer(parent: string, key: string): string {
  return `${parent}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
}

export function pointerSegments(pointer: string): string[] {
  if (pointer === '') {
    return [];
  }
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
}

export function getAt(value: unknown, pointer: string): unknown {
  let current = value;
  for (const segment of pointerSegments(pointer)) {
    current = own(current, segment);
  }
  return current;
}

/** Sets own properties only (a key named "__proto__" is stored as data), copying every object on the path. */
function assign(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function copy(object: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(object)) {
    assign(result, key, object[key]);
  }
  return result;
}

/** A copy of {@code value} with the value at {@code pointer} replaced; missing objects on the way are created. */
export function setAt(value: FormValue, pointer: string, newValue: unknown): FormValue {
  const segments = pointerSegments(pointer);
  if (segments.length === 0) {
    return isPlainObject(newValue) ? newValue : value;
  }
  const root = copy(isPlainObject(value) ? value : {});
  let parent = root;
  segments.forEach((segment, index) => {
    if (index === segments.length - 1) {
      assign(parent, segment, newValue);
      return;
    }
    const existing = own(parent, segment);
    const next = copy(isPlainObject(existing) ? existing : {});
    assign(parent, segment, next);
    parent = next;
  });
  return root;
}

// ---- compiling -----------------------------------------------------------------------------------------------------

export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\-.]+/g, ' ')
    .trim()
    .replace(/\s+/g, ' ');
  if (words === '') {
    return key;
  }
  const lower = words.toLowerCase();
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

/** Option label for a value without a title: strings as they are, anything else as JSON. */
function optionLabel(value: unknown): string {
  if (value === '') return '(empty)';
  return typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
}

function resolvePointer(root: Schema, ref: string): unknown {
  if (ref === '#') {
    return root;
  }
  if (!ref.startsWith('#/')) {
    return undefined;
  }
  let segments: string[];
  try {
    segments = pointerSegments(decodeURIComponent(ref.slice(1)));
  } catch {
    return undefined;
  }
  let current: unknown = root;
  for (const segment of segments) {
    current = Array.isArray(current) && /^\d+$/.test(segment) ? current[Number(segment)] : own(current, segment);
  }
  return current;
}

interface Resolved {
  schema: Schema;
  /** False when a reference could not be followed (missing, remote, cyclic, too long a chain). */
  ok: boolean;
  refs: ReadonlySet<string>;
}

/**
 * Follows local {@code $ref}s, keeping keywords written next to a reference (2020-12 allows them) over the target's.
 * {@code active} holds the references already being expanded on the way from the root to here: meeting one again
 * is a cycle.
 */
function resolve(schema: unknown, root: Schema, active: ReadonlySet<string>): Resolved {
  let current: Schema = isPlainObject(schema) ? schema : {};
  const refs = new Set(active);
  let overrides: Schema = {};
  for (let hops = 0; ; hops++) {
    const ref = str(own(current, '$ref'));
    if (ref === undefined) {
      return { schema: { ...current, ...overrides }, ok: true, refs };
    }
    const target = resolvePointer(root, ref);
    const siblings = copy(current);
    delete siblings.$ref;
    overrides = { ...siblings, ...overrides };
    if (hops >= MAX_REF_HOPS || refs.has(ref) || !isPlainObject(target)) {
      // Not expanded, but its title and type still describe the JSON fallback field.
      const known = isPlainObject(target) ? copy(target) : {};
      delete known.$ref;
      return { schema: { ...known, ...overrides }, ok: false, refs };
    }
    refs.add(ref);
    current = target;
  }
}

function schemaType(schema: Schema): string | undefined {
  const type = own(schema, 'type');
  if (typeof type === 'string') {
    return type;
  }
  if (Array.isArray(type)) {
    const named = type.filter((t): t is string => typeof t === 'string' && t !== 'null');
    return named.length === 1 ? named[0] : undefined;
  }
  if (own(schema, 'properties') !== undefined) {
    return 'object';
  }
  if (own(schema, 'items') !== undefined) {
    return 'array';
  }
  return undefined;
}

/** Options from {@code enum} or {@code const}, or from {@code oneOf}/{@code anyOf} whose every branch is a {@code const}. */
function optionsOf(schema: Schema, root: Schema, active: ReadonlySet<string>): ChoiceOption[] | undefined {
  const values = own(schema, 'enum');
  if (Array.isArray(values) && values.length > 0) {
    return values.map((value) => ({ value, label: optionLabel(value) }));
  }
  if (Object.hasOwn(schema, 'const')) {
    return [{ value: schema.const, label: optionLabel(schema.const) }];
  }
  for (const keyword of ['oneOf', 'anyOf']) {
    const branches = own(schema, keyword);
    if (!Array.isArray(branches) || branches.length === 0) {
      continue;
    }
    const options: ChoiceOption[] = [];
    for (const branch of branches) {
      const resolved = resolve(branch, root, active).schema;
      if (!Object.hasOwn(resolved, 'const')) {
        return undefined;
      }
      const value = resolved.const;
      options.push({ value, label: str(own(resolved, 'title')) ?? optionLabel(value) });
    }
    return options;
  }
  return undefined;
}

function integerBounds(schema: Schema): { minimum?: number; maximum?: number } {
  let minimum = num(own(schema, 'minimum'));
  let maximum = num(own(schema, 'maximum'));
  const exclusiveMinimum = num(own(schema, 'exclusiveMinimum'));
  const exclusiveMaximum = num(own(schema, 'exclusiveMaximum'));
  if (minimum !== undefined) minimum = Math.ceil(minimum);
  if (maximum !== undefined) maximum = Math.floor(maximum);
  if (exclusiveMinimum !== undefined) {
    minimum = Math.max(minimum ?? -Infinity, Math.floor(exclusiveMinimum) + 1);
  }
  if (exclusiveMaximum !== undefined) {
    maximum = Math.min(maximum ?? Infinity, Math.ceil(exclusiveMaximum) - 1);
  }
  return { minimum, maximum };
}

function compileField(
  key: string,
  pointer: string,
  raw: unknown,
  required: boolean,
  root: Schema,
  active: ReadonlySet<string>,
  depth: number,
): Field {
  const { schema, ok, refs } = resolve(raw, root, active);
  const base: FieldBase = {
    key,
    pointer,
    label: str(own(schema, 'title'))?.trim() || humanize(key),
    required,
  };
  const description = str(own(schema, 'description'));
  if (description) {
    base.description = description;
  }
  const fallback = (): JsonField => {
    const jsonType = schemaType(schema);
    return {
      ...base,
      kind: 'json',
      ...(jsonType ? { jsonType } : {}),
      ...(jsonType === 'array' ? { minItems: count(own(schema, 'minItems')), maxItems: count(own(schema, 'maxItems')) } : {}),
    };
  };
  if (!ok || depth > MAX_DEPTH) {
    return withDefault(fallback(), schema);
  }
  const type = schemaType(schema);
  const options = optionsOf(schema, root, refs);
  if (options) {
    return withDefault({ ...base, kind: 'choice', options }, schema);
  }
  switch (type) {
    case 'boolean':
      return withDefault({ ...base, kind: 'checkbox' }, schema);
    case 'integer':
    case 'number': {
      const integer = type === 'integer';
      if (integer) {
        const { minimum, maximum } = integerBounds(schema);
        const step = count(own(schema, 'multipleOf')) || 1;
        if (minimum !== undefined && maximum !== undefined && maximum >= minimum && maximum - minimum < MAX_RATING_OPTIONS) {
          const ratingOptions: ChoiceOption[] = [];
          for (let n = minimum; n <= maximum; n++) {
            if (n % step === 0) ratingOptions.push({ value: n, label: String(n) });
          }
          if (ratingOptions.length > 0) {
            return withDefault({ ...base, kind: 'rating', options: ratingOptions, minimum, maximum }, schema);
          }
        }
      }
      const field: NumberField = { ...base, kind: 'number', integer };
      for (const keyword of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'] as const) {
        const bound = num(own(schema, keyword));
        if (bound !== undefined) field[keyword] = bound;
      }
      const multipleOf = num(own(schema, 'multipleOf'));
      if (multipleOf !== undefined && multipleOf > 0) field.multipleOf = multipleOf;
      return withDefault(field, schema);
    }
    case 'string': {
      const maxLength = count(own(schema, 'maxLength'));
      const minLength = count(own(schema, 'minLength'));
      const pattern = str(own(schema, 'pattern'));
      const format = str(own(schema, 'format'));
      const long = format === 'textarea' || maxLength === undefined || maxLength > TEXT_INPUT_MAX_LENGTH;
      const inputType = format === 'email' ? 'email' : format === 'uri' ? 'url' : format === 'date' ? 'date' : 'text';
      const field: TextField = { ...base, kind: long ? 'textarea' : 'text', inputType };
      if (minLength !== undefined) field.minLength = minLength;
      if (maxLength !== undefined) field.maxLength = maxLength;
      if (pattern !== undefined) field.pattern = pattern;
      return withDefault(field, schema);
    }
    case 'array': {
      const items = resolve(own(schema, 'items'), root, refs);
      const itemOptions = items.ok ? optionsOf(items.schema, root, items.refs) : undefined;
      if (!itemOptions) {
        return withDefault(fallback(), schema);
      }
      const field: MultiField = {
        ...base,
        kind: 'multi',
        options: itemOptions,
        uniqueItems: own(schema, 'uniqueItems') === true,
      };
      const minItems = count(own(schema, 'minItems'));
      const maxItems = count(own(schema, 'maxItems'));
      if (minItems !== undefined) field.minItems = minItems;
      if (maxItems !== undefined) field.maxItems = maxItems;
      return withDefault(field, schema);
    }
    case 'object': {
      const properties = own(schema, 'properties');
      if (!isPlainObject(properties) || Object.keys(properties).length === 0) {
        return withDefault(fallback(), schema);
      }
      return withDefault({ ...base, kind: 'group', fields: compileProperties(schema, pointer, root, refs, depth + 1) }, schema);
    }
    default:
      return withDefault(fallback(), schema);
  }
}

function compileProperties(
  schema: Schema,
  pointer: string,
  root: Schema,
  active: ReadonlySet<string>,
  depth: number,
): Field[] {
  const properties = own(schema, 'properties');
  if (!isPlainObject(properties)) {
    return [];
  }
  const requiredList = own(schema, 'required');
  const required = new Set(Array.isArray(requiredList) ? requiredList.filter((r) => typeof r === 'string') : []);
  return Object.keys(properties).map((key) =>
    compileField(key, childPointer(pointer, key), properties[key], required.has(key), root, active, depth),
  );
}

function withDefault<F extends Field>(field: F, schema: Schema): F {
  if (Object.hasOwn(schema, 'default') && field.kind !== 'group') {
    const value = schema.default;
    if (fieldError(field, value) === undefined && !isEmpty(value)) {
      field.defaultValue = value;
    }
  }
  return field;
}

export function compileForm(schema: unknown): FormModel {
  const root: Schema = isPlainObject(schema) ? schema : {};
  const fields = compileProperties(root, '', root, new Set(), 1);
  const all: Field[] = [];
  const visit = (list: Field[]) => {
    for (const field of list) {
      all.push(field);
      if (field.kind === 'group') visit(field.fields);
    }
  };
  visit(fields);
  const model: FormModel = { fields, all, byPointer: new Map(all.map((field) => [field.pointer, field])) };
  const title = str(own(root, 'title'));
  const description = str(own(root, 'description'));
  if (title) model.title = title;
  if (description) model.description = description;
  return model;
}

// ---- values --------------------------------------------------------------------------------------------------------

/** Nothing entered: undefined, null, the empty string, an empty array. */
export function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => sameJson(item, b[index]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameJson(a[key], b[key]));
  }
  return false;
}

export function optionIndex(options: ChoiceOption[], value: unknown): number {
  return options.findIndex((option) => sameJson(option.value, value));
}

const codePoints = (text: string) => [...text].length;

function patternMatches(pattern: string, text: string): boolean {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, 'u');
  } catch {
    // The server compiled it with RE2J; a pattern JavaScript cannot read is left for the server to check.
    return true;
  }
  return regex.test(text);
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The first problem with one leaf field's value, or undefined. Messages are short and meant for the annotator. A
 * group's own problems (a missing required group) are reported here too; its children are checked by the caller.
 */
export function fieldError(field: Field, value: unknown): string | undefined {
  if (value instanceof JsonDraft) {
    return 'Not valid JSON';
  }
  const missing = value === undefined || value === null || value === '';
  if (missing) {
    if (!field.required) return undefined;
    switch (field.kind) {
      case 'choice':
      case 'rating':
        return 'Choose one option';
      default:
        return 'Required';
    }
  }
  switch (field.kind) {
    case 'choice':
    case 'rating':
      return optionIndex(field.options, value) < 0 ? 'Choose one of the listed options' : undefined;
    case 'checkbox':
      return typeof value === 'boolean' ? undefined : 'Must be yes or no';
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'Enter a number';
      if (field.integer && !Number.isInteger(value)) return 'Enter a whole number';
      if (field.minimum !== undefined && value < field.minimum) return `At least ${field.minimum}`;
      if (field.maximum !== undefined && value > field.maximum) return `At most ${field.maximum}`;
      if (field.exclusiveMinimum !== undefined && value <= field.exclusiveMinimum) {
        return `More than ${field.exclusiveMinimum}`;
      }
      if (field.exclusiveMaximum !== undefined && value >= field.exclusiveMaximum) {
        return `Less than ${field.exclusiveMaximum}`;
      }
      if (field.multipleOf !== undefined) {
        const quotient = value / field.multipleOf;
        if (Math.abs(quotient - Math.round(quotient)) > 1e-9) return `Must be a multiple of ${field.multipleOf}`;
      }
      return undefined;
    }
    case 'text':
    case 'textarea': {
      if (typeof value !== 'string') return 'Enter text';
      const length = codePoints(value);
      if (field.minLength !== undefined && length < field.minLength) {
        return `At least ${plural(field.minLength, 'character', 'characters')}`;
      }
      if (field.maxLength !== undefined && length > field.maxLength) {
        return `At most ${plural(field.maxLength, 'character', 'characters')}`;
      }
      if (field.pattern !== undefined && !patternMatches(field.pattern, value)) {
        return 'Does not match the expected format';
      }
      return undefined;
    }
    case 'multi': {
      if (!Array.isArray(value)) return 'Choose from the listed options';
      if (value.some((item) => optionIndex(field.options, item) < 0)) return 'Choose only from the listed options';
      if (field.uniqueItems && value.some((item, index) => value.findIndex((other) => sameJson(item, other)) !== index)) {
        return 'Choose each option only once';
      }
      if (field.minItems !== undefined && value.length < field.minItems) {
        return `Choose at least ${field.minItems}`;
      }
      if (field.maxItems !== undefined && value.length > field.maxItems) {
        return `Choose at most ${field.maxItems}`;
      }
      return undefined;
    }
    case 'group':
      return isPlainObject(value) ? undefined : 'Must be an object';
    case 'json':
      return jsonTypeError(field, value);
  }
}

function jsonTypeError(field: JsonField, value: unknown): string | undefined {
  switch (field.jsonType) {
    case 'array':
      if (!Array.isArray(value)) return 'Must be a JSON array';
      if (field.minItems !== undefined && value.length < field.minItems) {
        return `At least ${plural(field.minItems, 'item', 'items')}`;
      }
      if (field.maxItems !== undefined && value.length > field.maxItems) {
        return `At most ${plural(field.maxItems, 'item', 'items')}`;
      }
      return undefined;
    case 'object':
      return isPlainObject(value) ? undefined : 'Must be a JSON object';
    case 'string':
      return typeof value === 'string' ? undefined : 'Must be a JSON string';
    case 'number':
      return typeof value === 'number' ? undefined : 'Must be a number';
    case 'integer':
      return Number.isInteger(value) ? undefined : 'Must be a whole number';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'Must be true or false';
    default:
      return undefined;
  }
}

function startingValue(fields: Field[], source: unknown, useSource: boolean): FormValue {
  const result: FormValue = {};
  for (const field of fields) {
    const candidate = useSource ? own(source, field.key) : undefined;
    let value: unknown;
    if (field.kind === 'group') {
      value = startingValue(field.fields, candidate, useSource && isPlainObject(candidate));
    } else if (candidate !== undefined && !isEmpty(candidate) && fieldError(field, candidate) === undefined) {
      value = candidate;
    } else if (field.defaultValue !== undefined) {
      value = field.defaultValue;
    } else if (field.kind === 'checkbox' && field.required) {
      // A required yes/no question starts at "no": an unchecked box is an answer, not a missing one.
      value = false;
    } else if (field.kind === 'multi' && field.required) {
      value = [];
    }
    if (value !== undefined) {
      assign(result, field.key, value);
    }
  }
  return result;
}

/** A fresh response: one object per group, schema defaults where they are valid, a required checkbox unchecked. */
export function emptyValue(model: FormModel): FormValue {
  return startingValue(model.fields, undefined, false);
}

/**
 * A starting response pre-filled from a suggestion (an LLM pre-label, an earlier answer): each field takes the
 * suggestion's value when that value is valid for it, else its default. A suggestion given as JSON text is parsed.
 */
export function initialValue(model: FormModel, suggestion?: unknown): FormValue {
  let source = suggestion;
  if (typeof source === 'string') {
    try {
      source = JSON.parse(source);
    } catch {
      source = undefined;
    }
  }
  return startingValue(model.fields, source, isPlainObject(source));
}

// ---- keyboard shortcuts --------------------------------------------------------------------------------------------

export function isOptionField(field: Field | undefined): field is OptionField {
  return field !== undefined && (field.kind === 'choice' || field.kind === 'rating' || field.kind === 'multi');
}

/**
 * What a number key 1–9 does: picks option N of the field holding focus ({@code focusedPointer}), or, when focus is
 * on no field, of the first single-choice or rating field still without a value (else the first such field). In a
 * multi-select the key toggles option N. Null when the key is no shortcut or has nothing to act on.
 */
export function shortcutTarget(
  model: FormModel,
  value: FormValue,
  focusedPointer: string | null,
  key: string,
): { pointer: string; newValue: unknown } | null {
  if (!/^[1-9]$/.test(key)) {
    return null;
  }
  const index = Number(key) - 1;
  let field: OptionField | undefined;
  if (focusedPointer !== null) {
    const focused = model.byPointer.get(focusedPointer);
    if (!isOptionField(focused)) return null;
    field = focused;
  } else {
    const singles = model.all.filter(
      (candidate): candidate is ChoiceField | RatingField => candidate.kind === 'choice' || candidate.kind === 'rating',
    );
    field = singles.find((candidate) => optionIndex(candidate.options, getAt(value, candidate.pointer)) < 0) ?? singles[0];
  }
  if (!field || index >= field.options.length) {
    return null;
  }
  const option = field.options[index];
  if (field.kind !== 'multi') {
    return { pointer: field.pointer, newValue: option.value };
  }
  return { pointer: field.pointer, newValue: toggleOption(field, getAt(value, field.pointer), index) };
}

/** The multi-select's value with option {@code index} switched on or off, kept in option order. */
export function toggleOption(field: MultiField, current: unknown, index: number): unknown[] {
  const selected = new Set(
    (Array.isArray(current) ? current : []).map((item) => optionIndex(field.options, item)).filter((i) => i >= 0),
  );
  if (selected.has(index)) {
    selected.delete(index);
  } else {
    selected.add(index);
  }
  return field.options.filter((_, i) => selected.has(i)).map((option) => option.value);
}

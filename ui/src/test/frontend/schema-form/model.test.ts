import { describe, expect, it } from 'vitest';
import {
  type Field,
  JsonDraft,
  compileForm,
  emptyValue,
  getAt,
  initialValue,
  setAt,
  shortcutTarget,
} from 'Frontend/components/schema-form/model';
import { placeErrors, toResponse, validate, violationsToErrors } from 'Frontend/components/schema-form/validate';
import { reviewSchema } from './fixtures';

function field(schema: unknown, pointer: string): Field {
  const found = compileForm(schema).byPointer.get(pointer);
  if (!found) throw new Error(`no field at ${pointer}`);
  return found;
}

describe('compileForm', () => {
  it('turns each property into a field of the right kind, in declaration order', () => {
    const model = compileForm(reviewSchema());
    expect(model.fields.map((f) => [f.pointer, f.kind])).toEqual([
      ['/sentiment', 'choice'],
      ['/confidence', 'rating'],
      ['/notes', 'textarea'],
      ['/flags', 'multi'],
      ['/details', 'group'],
      ['/is_sarcastic', 'checkbox'],
      ['/topic', 'choice'],
      ['/score', 'number'],
      ['/spans', 'json'],
    ]);
    expect(model.title).toBe('Review');
  });

  it('labels fields by title, else by the humanized key, and keeps required flags and descriptions', () => {
    const model = compileForm(reviewSchema());
    const sentiment = model.byPointer.get('/sentiment')!;
    expect(sentiment).toMatchObject({ label: 'Sentiment', required: true, description: 'Overall tone of the text' });
    expect(model.byPointer.get('/is_sarcastic')).toMatchObject({ label: 'Is sarcastic', required: false });
    expect(model.byPointer.get('/notes')!.label).toBe('Notes');
    expect(field({ type: 'object', properties: { overallQuality: { type: 'boolean' } } }, '/overallQuality').label).toBe(
      'Overall quality',
    );
  });

  it('builds options from enum, from oneOf constants with titles and from a small integer range', () => {
    const model = compileForm(reviewSchema());
    const topic = model.byPointer.get('/topic');
    expect(topic?.kind === 'choice' && topic.options).toEqual([
      { value: 'sport', label: 'Sport' },
      { value: 'politics', label: 'Politics' },
    ]);
    const confidence = model.byPointer.get('/confidence');
    expect(confidence?.kind === 'rating' && confidence.options.map((o) => o.value)).toEqual([1, 2, 3, 4, 5]);
    const flags = model.byPointer.get('/flags');
    expect(flags).toMatchObject({ kind: 'multi', maxItems: 2, uniqueItems: true });
    expect(flags?.kind === 'multi' && flags.options.map((o) => o.value)).toEqual(['spam', 'offensive', 'off_topic']);
    const single = field({ type: 'object', properties: { agree: { const: true, title: 'I agree' } } }, '/agree');
    expect(single).toMatchObject({ kind: 'choice', label: 'I agree', options: [{ value: true, label: 'true' }] });
  });

  it('uses a number input for wide integer ranges and a rating only up to ten values', () => {
    expect(field({ type: 'object', properties: { n: { type: 'integer', minimum: 0, maximum: 9 } } }, '/n').kind).toBe(
      'rating',
    );
    const wide = field({ type: 'object', properties: { n: { type: 'integer', minimum: 0, maximum: 10 } } }, '/n');
    expect(wide).toMatchObject({ kind: 'number', integer: true, minimum: 0, maximum: 10 });
    expect(field({ type: 'object', properties: { n: { type: 'integer' } } }, '/n').kind).toBe('number');
  });

  it('uses a text input for short strings and a textarea for long or unbounded ones', () => {
    const schema = {
      type: 'object',
      properties: {
        short: { type: 'string', maxLength: 200 },
        long: { type: 'string', maxLength: 201 },
        free: { type: 'string' },
        hinted: { type: 'string', maxLength: 50, format: 'textarea' },
      },
    };
    expect(['/short', '/long', '/free', '/hinted'].map((p) => field(schema, p).kind)).toEqual([
      'text',
      'textarea',
      'textarea',
      'textarea',
    ]);
  });

  it('nests objects as groups whose fields carry the full pointer', () => {
    const model = compileForm(reviewSchema());
    const details = model.byPointer.get('/details');
    expect(details?.kind === 'group' && details.fields.map((f) => f.pointer)).toEqual([
      '/details/quality',
      '/details/language',
    ]);
    expect(model.byPointer.get('/details/quality')).toMatchObject({ kind: 'choice', label: 'Quality', required: true });
  });

  it('follows references into $defs and definitions, letting keywords beside the reference win', () => {
    const schema = {
      type: 'object',
      properties: {
        a: { $ref: '#/definitions/level', title: 'Level A' },
        b: { $ref: '#/$defs/alias' },
      },
      definitions: { level: { enum: ['low', 'high'], title: 'Level' } },
      $defs: { alias: { $ref: '#/definitions/level' } },
    };
    expect(field(schema, '/a')).toMatchObject({ kind: 'choice', label: 'Level A' });
    expect(field(schema, '/b')).toMatchObject({ kind: 'choice', label: 'Level' });
  });

  it('stops at reference cycles and falls back to a JSON field there', () => {
    const schema = {
      type: 'object',
      properties: {
        tree: { $ref: '#/$defs/node' },
        loop: { $ref: '#/$defs/loop' },
        ping: { $ref: '#/$defs/ping' },
        missing: { $ref: '#/$defs/nothing' },
        remote: { $ref: 'https://example.com/schema.json' },
      },
      $defs: {
        node: {
          type: 'object',
          properties: { name: { type: 'string', maxLength: 50 }, child: { $ref: '#/$defs/node' } },
        },
        loop: { $ref: '#/$defs/loop' },
        ping: { $ref: '#/$defs/pong' },
        pong: { $ref: '#/$defs/ping' },
      },
    };
    const model = compileForm(schema);
    expect(model.byPointer.get('/tree')?.kind).toBe('group');
    expect(model.byPointer.get('/tree/name')?.kind).toBe('text');
    expect(model.byPointer.get('/tree/child')).toMatchObject({ kind: 'json', jsonType: 'object' });
    expect(['/loop', '/ping', '/missing', '/remote'].map((p) => model.byPointer.get(p)?.kind)).toEqual([
      'json',
      'json',
      'json',
      'json',
    ]);
  });

  it('survives absurd nesting by falling back to JSON below the depth limit', () => {
    let schema: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 60; i++) {
      schema = { type: 'object', properties: { x: schema } };
    }
    const model = compileForm(schema);
    const deepest = model.all[model.all.length - 1];
    expect(deepest.kind).toBe('json');
    expect(model.all.length).toBeLessThan(40);
  });

  it('reads no inherited properties and escapes keys in pointers', () => {
    const schema = JSON.parse(
      '{"type":"object","required":["__proto__"],"properties":{"__proto__":{"type":"boolean"},"a/b~c":{"type":"string","maxLength":5},"constructor":{"type":"boolean"}}}',
    );
    const model = compileForm(schema);
    expect(model.fields.map((f) => f.pointer)).toEqual(['/__proto__', '/a~1b~0c', '/constructor']);
    let value = initialValue(model);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(getAt(value, '/constructor')).toBeUndefined();
    value = setAt(value, '/__proto__', true);
    value = setAt(value, '/a~1b~0c', 'x');
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(JSON.stringify(toResponse(model, value))).toBe('{"__proto__":true,"a/b~c":"x"}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('gives no fields for something that is not an object schema', () => {
    for (const schema of [null, 'text', 42, [], { type: 'object' }]) {
      expect(compileForm(schema).fields).toEqual([]);
    }
  });
});

describe('initialValue', () => {
  it('applies valid defaults and leaves the rest empty', () => {
    const model = compileForm(reviewSchema());
    expect(emptyValue(model)).toEqual({ details: { quality: 'good' } });
    const schema = { type: 'object', properties: { s: { enum: ['a', 'b'], default: 'zzz' } } };
    expect(emptyValue(compileForm(schema))).toEqual({});
  });

  it('pre-fills from a suggestion only the fields it covers with valid values', () => {
    const model = compileForm(reviewSchema());
    const value = initialValue(model, {
      sentiment: 'negative',
      confidence: 9,
      notes: 'Looks like spam',
      flags: ['spam', 'nonsense'],
      details: { quality: 'poor', language: 'EN' },
      unknown: 'ignored',
    });
    expect(value).toEqual({ sentiment: 'negative', notes: 'Looks like spam', details: { quality: 'poor' } });
  });

  it('reads a suggestion given as JSON text and ignores one that is not an object', () => {
    const model = compileForm(reviewSchema());
    expect(initialValue(model, '{"sentiment":"neutral"}')).toMatchObject({ sentiment: 'neutral' });
    expect(initialValue(model, 'not json')).toEqual(emptyValue(model));
    expect(initialValue(model, ['positive'])).toEqual(emptyValue(model));
  });
});

describe('validate', () => {
  const model = compileForm(reviewSchema());
  const valid = { sentiment: 'positive', confidence: 4, details: { quality: 'good' } };

  it('accepts a complete answer', () => {
    expect(validate(model, valid)).toEqual({});
  });

  it('reports missing required answers with short messages', () => {
    expect(validate(model, { details: { quality: 'good' } })).toEqual({
      '/sentiment': 'Choose one option',
      '/confidence': 'Choose one option',
    });
    const text = compileForm({ type: 'object', required: ['why'], properties: { why: { type: 'string' } } });
    expect(validate(text, { why: '' })).toEqual({ '/why': 'Required' });
  });

  it('checks options, bounds, whole numbers and item counts', () => {
    const errors = validate(model, {
      ...valid,
      sentiment: 'angry',
      confidence: 6,
      score: 100.5,
      flags: ['spam', 'offensive', 'off_topic'],
    });
    expect(errors).toEqual({
      '/sentiment': 'Choose one of the listed options',
      '/confidence': 'Choose one of the listed options',
      '/score': 'At most 100',
      '/flags': 'Choose at most 2',
    });
    const integer = compileForm({ type: 'object', properties: { n: { type: 'integer', minimum: 10 } } });
    expect(validate(integer, { n: 12.5 })).toEqual({ '/n': 'Enter a whole number' });
    expect(validate(integer, { n: 3 })).toEqual({ '/n': 'At least 10' });
    expect(validate(model, { ...valid, flags: ['spam', 'bogus'] })).toEqual({
      '/flags': 'Choose only from the listed options',
    });
  });

  it('counts string length in code points, as JSON Schema does', () => {
    expect(validate(model, { ...valid, notes: 'x'.repeat(501) })).toEqual({ '/notes': 'At most 500 characters' });
    expect(validate(model, { ...valid, notes: '😀'.repeat(500) })).toEqual({});
  });

  it('checks patterns and never throws on a pattern JavaScript cannot compile', () => {
    expect(validate(model, { ...valid, details: { quality: 'good', language: 'EN' } })).toEqual({
      '/details/language': 'Does not match the expected format',
    });
    const bad = compileForm({ type: 'object', properties: { code: { type: 'string', maxLength: 9, pattern: '([' } } });
    expect(() => validate(bad, { code: 'anything' })).not.toThrow();
    expect(validate(bad, { code: 'anything' })).toEqual({});
  });

  it('skips the required fields of an optional group left empty, not of one partly filled', () => {
    const schema = {
      type: 'object',
      properties: {
        address: {
          type: 'object',
          required: ['city'],
          properties: { city: { type: 'string', maxLength: 50 }, zip: { type: 'string', maxLength: 10 } },
        },
      },
    };
    const form = compileForm(schema);
    expect(validate(form, { address: {} })).toEqual({});
    expect(validate(form, { address: { zip: '1000' } })).toEqual({ '/address/city': 'Required' });
  });

  it('reports unfinished JSON and JSON of the wrong type', () => {
    expect(validate(model, { ...valid, spans: new JsonDraft('[{') })).toEqual({ '/spans': 'Not valid JSON' });
    expect(validate(model, { ...valid, spans: { start: 1 } })).toEqual({ '/spans': 'Must be a JSON array' });
    expect(validate(model, { ...valid, spans: [{ start: 1, end: 2 }] })).toEqual({});
  });
});

describe('toResponse', () => {
  const model = compileForm(reviewSchema());

  it('drops empty optional answers, unfinished JSON and unknown keys, and keeps real answers', () => {
    const response = toResponse(model, {
      sentiment: 'neutral',
      confidence: 3,
      notes: '',
      flags: [],
      details: { quality: 'good', language: '' },
      is_sarcastic: false,
      spans: new JsonDraft('[{'),
      extra: 'not in the schema',
    });
    expect(response).toEqual({ sentiment: 'neutral', confidence: 3, details: { quality: 'good' }, is_sarcastic: false });
  });

  it('leaves out an optional group with nothing in it but keeps a required one', () => {
    const schema = {
      type: 'object',
      required: ['must'],
      properties: {
        may: { type: 'object', properties: { a: { type: 'string' } } },
        must: { type: 'object', properties: { b: { type: 'string' } } },
      },
    };
    expect(toResponse(compileForm(schema), { may: { a: '' }, must: {} })).toEqual({ must: {} });
  });
});

describe('shortcutTarget', () => {
  const model = compileForm(reviewSchema());

  it('without focus picks in the first single-choice field that has no answer yet', () => {
    expect(shortcutTarget(model, {}, null, '3')).toEqual({ pointer: '/sentiment', newValue: 'negative' });
    expect(shortcutTarget(model, { sentiment: 'negative' }, null, '5')).toEqual({ pointer: '/confidence', newValue: 5 });
  });

  it('falls back to the first choice field when all are answered', () => {
    const answered = { sentiment: 'positive', confidence: 2, details: { quality: 'good' }, topic: 'sport' };
    expect(shortcutTarget(model, answered, null, '2')).toEqual({ pointer: '/sentiment', newValue: 'neutral' });
  });

  it('acts on the focused field, toggling options of a multi-select', () => {
    expect(shortcutTarget(model, {}, '/topic', '2')).toEqual({ pointer: '/topic', newValue: 'politics' });
    expect(shortcutTarget(model, { flags: ['spam'] }, '/flags', '3')).toEqual({
      pointer: '/flags',
      newValue: ['spam', 'off_topic'],
    });
    expect(shortcutTarget(model, { flags: ['spam', 'off_topic'] }, '/flags', '1')).toEqual({
      pointer: '/flags',
      newValue: ['off_topic'],
    });
  });

  it('does nothing for other keys, missing options or a focused field without options', () => {
    expect(shortcutTarget(model, {}, null, '0')).toBeNull();
    expect(shortcutTarget(model, {}, null, 'a')).toBeNull();
    expect(shortcutTarget(model, {}, null, '4')).toBeNull();
    expect(shortcutTarget(model, {}, '/notes', '1')).toBeNull();
    expect(shortcutTarget(compileForm({ type: 'object', properties: { s: { type: 'string' } } }), {}, null, '1')).toBeNull();
  });
});

describe('placing errors', () => {
  const model = compileForm(reviewSchema());

  it('puts errors on their field, errors inside a field on that field, and the rest in the summary', () => {
    const placed = placeErrors(model, {
      '/details/quality': 'Not allowed',
      '/flags/1': 'Unknown flag',
      '': 'Response too large',
      '/bogus': 'Unexpected property',
      '/details/other': 'Unexpected property',
    });
    expect(Object.fromEntries(placed.byField)).toEqual({ '/details/quality': 'Not allowed', '/flags': 'Unknown flag' });
    expect(placed.summary.map((s) => s.pointer)).toEqual(['', '/bogus', '/details/other']);
  });

  it('joins several server messages for one path', () => {
    expect(
      violationsToErrors([
        { path: '/notes', message: 'too long' },
        { path: '/notes', message: 'bad pattern' },
        { path: '/notes', message: 'too long' },
      ]),
    ).toEqual({ '/notes': 'too long; bad pattern' });
  });
});

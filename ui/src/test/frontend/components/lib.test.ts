import { EndpointError, EndpointValidationError, ValidationErrorData } from '@vaadin/hilla-frontend';
import { describe, expect, it } from 'vitest';
import { toLocalInstant } from 'Frontend/components/workbench/clock';
import { fieldViolation, toWorkError } from 'Frontend/components/workbench/service-errors';
import { LeaseLostError, ValidationError } from 'Frontend/components/workbench/session';
import { toProblem } from 'Frontend/lib/errors';
import { countdown, humanize, prettyJson } from 'Frontend/lib/format';
import { taskFileType } from 'Frontend/lib/upload';

const serverError = (code: string, violations: { path: string; message: string }[] = []) =>
  new EndpointError('refused', 'com.vaadin.hilla.exception.EndpointException', { code, status: 400, violations });

describe('toProblem', () => {
  it('reads the code and field violations the server puts in the endpoint error detail', () => {
    const problem = toProblem(serverError('RESPONSE_INVALID', [{ path: '/label', message: 'not one of the options' }]));
    expect(problem).toEqual({
      message: 'refused',
      code: 'RESPONSE_INVALID',
      status: 400,
      fields: { '/label': 'not one of the options' },
    });
  });

  it('turns bean validation errors into messages per parameter', () => {
    const error = new EndpointValidationError('invalid', [new ValidationErrorData('must not be blank', 'name')]);
    expect(toProblem(error).fields).toEqual({ name: 'must not be blank' });
  });

  it('keeps the message of anything else', () => {
    expect(toProblem(new Error('offline'))).toEqual({ message: 'offline', fields: {} });
  });
});

describe('workbench errors', () => {
  it('puts a missing required property on the missing field', () => {
    expect(fieldViolation('', "required property 'label' not found")).toEqual({ path: '/label', message: 'Required' });
    expect(fieldViolation('/details', "required property 'a/b' not found").path).toBe('/details/a~1b');
    expect(fieldViolation('/notes', 'too long')).toEqual({ path: '/notes', message: 'too long' });
  });

  it('tells a lost lease from a response to correct', () => {
    expect(toWorkError(serverError('LEASE_EXPIRED'))).toBeInstanceOf(LeaseLostError);
    expect(toWorkError(serverError('LEASE_NOT_YOURS'))).toBeInstanceOf(LeaseLostError);
    const invalid = toWorkError(serverError('RESPONSE_INVALID', [{ path: '', message: "required property 'x' not found" }]));
    expect(invalid).toBeInstanceOf(ValidationError);
    expect((invalid as ValidationError).violations).toEqual([{ path: '/x', message: 'Required' }]);
    const other = toWorkError(serverError('BATCH_NOT_OPEN'));
    expect(other).not.toBeInstanceOf(LeaseLostError);
    expect(other).not.toBeInstanceOf(ValidationError);
  });
});

describe('lease clock', () => {
  it('measures a lease end against the server clock at the answer, not against this browser clock', () => {
    // The browser runs three minutes behind the server: the lease still has ten minutes, on the local clock.
    expect(toLocalInstant('2026-01-01T10:10:00Z', '2026-01-01T10:00:00Z', Date.parse('2026-01-01T09:57:00Z'))).toBe(
      '2026-01-01T10:07:00.000Z',
    );
    expect(toLocalInstant('not a time', '2026-01-01T10:00:00Z')).toBe('not a time');
  });
});

describe('format and upload helpers', () => {
  it('formats for people', () => {
    expect(humanize('IN_PROGRESS')).toBe('In progress');
    expect(countdown(75)).toBe('1:15');
    expect(countdown(-3)).toBe('0:00');
    expect(prettyJson('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyJson('{broken')).toBe('{broken');
  });

  it('tells the task file type by extension, else by its first character', () => {
    expect(taskFileType('tasks.CSV', '{')).toBe('text/csv');
    expect(taskFileType('t.jsonl', '[')).toBe('application/x-ndjson');
    expect(taskFileType('t.json', '{')).toBe('application/json');
    expect(taskFileType('export.txt', '[')).toBe('application/json');
    expect(taskFileType('export.txt', '{')).toBe('application/x-ndjson');
    expect(taskFileType('export.txt', 'e')).toBe('text/csv');
  });
});

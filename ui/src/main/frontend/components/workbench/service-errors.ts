import { LEASE_LOST_CODES, toProblem } from 'Frontend/lib/errors';
import { LeaseLostError, ValidationError } from './session';

/**
 * The server's "required property 'x' not found" is reported on the object that lacks it; the form shows it on the
 * missing field instead.
 */
export function fieldViolation(path: string, message: string): { path: string; message: string } {
  const required = /required property '([^']+)'/.exec(message);
  if (required) {
    const key = required[1].replace(/~/g, '~0').replace(/\//g, '~1');
    return { path: `${path}/${key}`, message: 'Required' };
  }
  return { path, message };
}

/** What a failed workbench call means to the session: a lost lease, a response to correct, or another failure. */
export function toWorkError(error: unknown): Error {
  const problem = toProblem(error);
  if (problem.code && LEASE_LOST_CODES.has(problem.code)) return new LeaseLostError(problem.message);
  if (problem.code === 'RESPONSE_INVALID' || problem.code === 'VALIDATION_FAILED') {
    return new ValidationError(Object.entries(problem.fields).map(([path, message]) => fieldViolation(path, message)));
  }
  return new Error(problem.message);
}

import { EndpointError, EndpointValidationError } from '@vaadin/hilla-frontend';

/** A failed call as the views show it: a message, the server's stable code, and messages per field. */
export interface Problem {
  message: string;
  code?: string;
  status?: number;
  /** Field path (JSON pointer, parameter or field name) → message. */
  fields: Record<string, string>;
}

interface ServerDetail {
  code?: string;
  status?: number;
  violations?: { path?: string; message?: string }[];
}

/** Turns whatever a service call threw into a {@link Problem}. */
export function toProblem(error: unknown): Problem {
  if (error instanceof EndpointValidationError) {
    const fields: Record<string, string> = {};
    for (const item of error.validationErrorData) {
      fields[item.parameterName ?? ''] = item.message;
    }
    return { message: 'Some values are not valid.', code: 'VALIDATION_FAILED', status: 400, fields };
  }
  if (error instanceof EndpointError) {
    const detail = (error.detail ?? {}) as ServerDetail;
    const fields: Record<string, string> = {};
    for (const v of detail.violations ?? []) {
      if (v.message) fields[v.path ?? ''] = v.message;
    }
    return { message: error.message, code: detail.code, status: detail.status, fields };
  }
  if (error instanceof Error) {
    return { message: error.message || 'Something went wrong.', fields: {} };
  }
  return { message: String(error), fields: {} };
}

/** The codes that mean "your lease on this task is gone". */
export const LEASE_LOST_CODES = new Set(['LEASE_EXPIRED', 'LEASE_NOT_LIVE', 'LEASE_NOT_FOUND', 'LEASE_NOT_YOURS']);

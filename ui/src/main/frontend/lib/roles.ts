import type Role from 'Frontend/generated/io/annotrail/domain/common/Role';

/** The same role groups as the server's {@code Role} sets; the server checks again on every call. */
export const ANNOTATING: ReadonlySet<string> = new Set(['ADMIN', 'MANAGER', 'ANNOTATOR']);
export const REVIEWING: ReadonlySet<string> = new Set(['ADMIN', 'MANAGER', 'REVIEWER']);
export const MANAGING: ReadonlySet<string> = new Set(['ADMIN', 'MANAGER']);
export const READING: ReadonlySet<string> = new Set(['ADMIN', 'MANAGER', 'REVIEWER', 'AUDITOR', 'ANALYST']);
export const ADMINISTERING: ReadonlySet<string> = new Set(['ADMIN']);

export const can = (set: ReadonlySet<string>, role: Role | string | undefined) => role !== undefined && set.has(role);

export const ALL_ROLES = ['ADMIN', 'MANAGER', 'ANNOTATOR', 'REVIEWER', 'AUDITOR', 'ANALYST'] as const;

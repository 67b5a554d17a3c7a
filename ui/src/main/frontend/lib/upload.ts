/** What the import answers (the REST API's ImportResponse). */
export interface ImportResult {
  accepted: number;
  duplicates: number;
  rejected: { line: number; reason: string }[];
}

/** An RFC 9457 problem as the server sends it. */
export interface ProblemBody {
  title?: string;
  detail?: string;
  code?: string;
  violations?: { path: string; message: string }[];
}

export class UploadError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly problem?: ProblemBody,
  ) {
    super(message);
  }
}

/** The content type of a task file, by its extension or, failing that, by its first character. */
export function taskFileType(name: string, firstChar: string | undefined): string {
  const lower = name.toLowerCase();
  if (lower.endsWith('.csv')) return 'text/csv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'application/x-ndjson';
  if (lower.endsWith('.json')) return 'application/json';
  if (firstChar === '[') return 'application/json';
  if (firstChar === '{') return 'application/x-ndjson';
  return 'text/csv';
}

function csrfHeaders(): Record<string, string> {
  const token = document.querySelector('meta[name="_csrf"]')?.getAttribute('content');
  const header = document.querySelector('meta[name="_csrf_header"]')?.getAttribute('content');
  return token && header ? { [header]: token } : {};
}

/**
 * Uploads a task file into a batch with the browser session, reporting upload progress (0..1). The server imports
 * all valid lines in one transaction (or none with {@code atomic}) and answers per-line rejections.
 */
export function uploadTasks(
  batchId: string,
  file: File,
  atomic: boolean,
  onProgress: (fraction: number) => void,
  contentType: string,
): Promise<ImportResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `ui/batches/${encodeURIComponent(batchId)}/tasks?atomic=${atomic}`);
    xhr.setRequestHeader('Content-Type', contentType);
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    for (const [name, value] of Object.entries(csrfHeaders())) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new UploadError('The upload failed: the server could not be reached.', 0));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300 && body) {
        onProgress(1);
        resolve(body as ImportResult);
      } else {
        const problem = body as ProblemBody | undefined;
        reject(new UploadError(problem?.detail ?? problem?.title ?? `The upload failed (HTTP ${xhr.status}).`, xhr.status, problem));
      }
    };
    xhr.send(file);
  });
}

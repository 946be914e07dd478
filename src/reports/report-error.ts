// What a report cannot answer, said once for both doors: the HTTP API answers 404/400/422, the CLI exits 2.
/** `too-complex`: more work than one request may ask of a shared console (HTTP 422). */
export type ReportErrorCode = 'not-found' | 'invalid' | 'too-complex';

export class ReportError extends Error {
  readonly code: ReportErrorCode;

  constructor(code: ReportErrorCode, message: string) {
    super(message);
    this.name = 'ReportError';
    this.code = code;
  }
}

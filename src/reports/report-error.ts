// What a report cannot answer, said once for both doors: the HTTP API answers 404/400, the CLI exits 2.
export type ReportErrorCode = 'not-found' | 'invalid';

export class ReportError extends Error {
  readonly code: ReportErrorCode;

  constructor(code: ReportErrorCode, message: string) {
    super(message);
    this.name = 'ReportError';
    this.code = code;
  }
}

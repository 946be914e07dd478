// One JSON error shape for every failure, and never a stack trace: the message says what to fix.
import type { FastifyError, FastifyInstance } from 'fastify';
import type { ApiErrorBody, CurrentVersion, ErrorCode } from '../api/schemas.js';
import type { Problem } from '../core/index.js';

type Problems = NonNullable<ApiErrorBody['error']['problems']>;

export class HttpError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly problems: Problems | undefined;
  /** With a conflict: the object as it is now, when the source knows it. */
  readonly current: CurrentVersion | undefined;

  constructor(status: number, code: ErrorCode, message: string, problems?: Problems, current?: CurrentVersion) {
    super(message);
    this.status = status;
    this.code = code;
    this.problems = problems;
    this.current = current;
  }
}

export const notFound = (what: string): HttpError => new HttpError(404, 'not-found', `${what} does not exist`);

export function problemsOf(problems: readonly Problem[]): Problems {
  return problems.map((p) => ({ message: p.message, line: p.line ?? null, column: p.column ?? null }));
}

export function errorBody(code: ErrorCode, message: string, problems?: Problems, current?: CurrentVersion): ApiErrorBody {
  return { error: { code, message, ...(problems ? { problems } : {}), ...(current ? { current } : {}) } };
}

/** Fastify's own errors (body too large, bad JSON, wrong media type) mapped onto our codes; undefined for the rest. */
function fromFastify(error: FastifyError): HttpError | undefined {
  const status = error.statusCode ?? 500;
  if (status === 413) return new HttpError(413, 'too-large', 'request body is too large');
  if (status === 415) return new HttpError(415, 'unsupported-media-type', 'send the body as application/json');
  if (status >= 400 && status < 500) return new HttpError(status, 'bad-request', error.message);
  return undefined;
}

/** Where a failed request's details go: stderr for `meshlock serve`, a list in tests. */
export type ErrorLog = (line: string) => void;

export const stderrLog: ErrorLog = (line) => void process.stderr.write(line.endsWith('\n') ? line : `${line}\n`);

/**
 * Errors the handlers did not foresee are answered with a request id and written to `log` with their stack
 * under that id, so the answer's "the server log has the details" leads somewhere.
 */
export function installErrorHandler(app: FastifyInstance, log: ErrorLog = stderrLog): void {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    const where = `request ${request.id} (${request.method} ${request.url.split('?')[0]})`;
    let http = error instanceof HttpError ? error : fromFastify(error);
    if (!http) {
      log(`meshlock: ${where} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      http = new HttpError(500, 'internal', `internal error (request ${request.id}); the server log has the details`);
    } else if (http.status === 500) {
      log(`meshlock: ${where} answered 500: ${http.message}`);
    }
    void reply.status(http.status).type('application/json').send(errorBody(http.code, http.message, http.problems, http.current));
  });
}

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

/** Fastify's own errors (body too large, bad JSON, wrong media type) mapped onto our codes. */
function fromFastify(error: FastifyError): HttpError {
  const status = error.statusCode ?? 500;
  if (status === 413) return new HttpError(413, 'too-large', 'request body is too large');
  if (status === 415) return new HttpError(415, 'unsupported-media-type', 'send the body as application/json');
  if (status >= 400 && status < 500) return new HttpError(status, 'bad-request', error.message);
  return new HttpError(500, 'internal', 'internal error; the server log has the details');
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    const http = error instanceof HttpError ? error : fromFastify(error);
    if (http.status >= 500) request.log.error({ err: error }, 'request failed');
    void reply.status(http.status).type('application/json').send(errorBody(http.code, http.message, http.problems, http.current));
  });
}

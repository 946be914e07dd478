// The one path from the web app (and scripts) to the server: typed by the route table, and every response
// parsed with its schema, so a server that drifts fails loudly with the path of the bad field.
import type { z } from 'zod';
import { REVISION_HEADER, routes, type JsonRouteName, type Route, type Routes } from './routes.js';
import { ApiErrorBody, type CurrentVersion, type ErrorCode } from './schemas.js';

type Part<R, F extends 'params' | 'query' | 'body', Optional extends boolean> = R extends { readonly [P in F]: infer S extends z.ZodType }
  ? Optional extends true
    ? { readonly [P in F]?: z.input<S> }
    : { readonly [P in F]: z.input<S> }
  : { readonly [P in F]?: undefined };

/** Path parameters and body are required when the route has them; the query is always optional. */
export type CallInput<K extends JsonRouteName> = Part<Routes[K], 'params', false> & Part<Routes[K], 'query', true> & Part<Routes[K], 'body', false>;
export type CallOutput<K extends JsonRouteName> = z.output<Routes[K]['response']>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | 'network' | 'bad-response';
  readonly problems: readonly { message: string; line: number | null; column: number | null }[];
  /** With a conflict, when the server knows it: the object as it is now. */
  readonly current: CurrentVersion | undefined;

  constructor(status: number, code: ApiError['code'], message: string, problems: ApiError['problems'] = [], current?: CurrentVersion) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.problems = problems;
    this.current = current;
  }
}

/** The URL of a route with its parameters filled in and its query encoded (absent values left out). */
export function routeUrl(route: Route, params?: Readonly<Record<string, string>>, query?: Readonly<Record<string, unknown>>): string {
  const path = route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new Error(`${route.path}: missing parameter ${name}`);
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const encoded = search.toString();
  return encoded ? `${path}?${encoded}` : path;
}

export interface ApiClientOptions {
  /** Prefix for every path, e.g. http://127.0.0.1:20001 outside a browser. */
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
  /** The session's CSRF token, sent on every state-changing request. */
  readonly csrfToken?: () => string | undefined;
  /** A bearer token to send as `Authorization` (a console started with `--auth token`). */
  readonly bearerToken?: () => string | undefined;
}

export class ApiClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly csrfToken: () => string | undefined;
  private readonly bearerToken: () => string | undefined;

  constructor(options: ApiClientOptions = {}) {
    this.baseUrl = options.baseUrl ?? '';
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.csrfToken = options.csrfToken ?? (() => undefined);
    this.bearerToken = options.bearerToken ?? (() => undefined);
  }

  /** Headers every request carries: the bearer token, when there is one. */
  authHeaders(): Record<string, string> {
    const bearer = this.bearerToken();
    return bearer ? { authorization: `Bearer ${bearer}` } : {};
  }

  url<K extends JsonRouteName | 'postureExport' | 'evidence'>(name: K, params?: Readonly<Record<string, string>>, query?: Readonly<Record<string, unknown>>): string {
    return this.baseUrl + routeUrl(routes[name], params, query);
  }

  /**
   * `init.revision` hears the configuration revision the server answered from (its `x-meshlock-revision`
   * header), so a page can tell whether an announced revision is newer than its data.
   */
  async call<K extends JsonRouteName>(name: K, input: CallInput<K>, init: { signal?: AbortSignal; revision?: (revision: number) => void } = {}): Promise<CallOutput<K>> {
    const route: Route = routes[name];
    const { params, query, body } = input as { params?: Record<string, string>; query?: Record<string, unknown>; body?: unknown };
    const headers: Record<string, string> = { accept: 'application/json', ...this.authHeaders() };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const token = this.csrfToken();
    if (route.method !== 'GET' && token) headers['x-csrf-token'] = token;
    let response: Response;
    try {
      response = await this.fetchImpl(this.url(name, params, query), {
        method: route.method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: init.signal,
        credentials: 'same-origin',
      });
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError') throw error;
      throw new ApiError(0, 'network', `cannot reach the meshlock server: ${error instanceof Error ? error.message : String(error)}`);
    }
    const json: unknown = await response.json().catch(() => undefined);
    const answeredAt = Number(response.headers.get(REVISION_HEADER) ?? NaN);
    if (Number.isInteger(answeredAt)) init.revision?.(answeredAt);
    if (!response.ok) {
      const parsed = ApiErrorBody.safeParse(json);
      if (parsed.success) throw new ApiError(response.status, parsed.data.error.code, parsed.data.error.message, parsed.data.error.problems, parsed.data.error.current);
      throw new ApiError(response.status, 'bad-response', `${route.method} ${route.path} failed with HTTP ${response.status}`);
    }
    const parsed = route.response.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ApiError(response.status, 'bad-response', `${route.method} ${route.path}: unexpected response at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
    }
    return parsed.data as CallOutput<K>;
  }
}

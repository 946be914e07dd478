import type { Checker } from '../checker.js';
import { operationEntries } from './rules.js';

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE'];

/** `*`, an HTTP method (any case), or `X*` / `*X` covering at least one (kiali-backend-reference §2.4.3). */
function validMethod(raw: string): boolean {
  const method = raw.trim().toUpperCase();
  if (method === '') return false;
  if (method === '*') return true;
  if (method.endsWith('*')) return HTTP_METHODS.some((m) => m.startsWith(method.slice(0, -1)));
  if (method.startsWith('*')) return HTTP_METHODS.some((m) => m.endsWith(method.slice(1)));
  return HTTP_METHODS.includes(method);
}

// A misspelt method never matches a request, so the rule silently does nothing.
export const wrongMethod: Checker = {
  code: 'KIA0102',
  kinds: ['AuthorizationPolicy'],
  severity: 'warning',
  message: 'Only HTTP methods and Istio wildcards are allowed',
  invalidates: false,
  check(ap) {
    return operationEntries(ap, 'methods')
      .filter((e) => !validMethod(e.value))
      .map((e) => ({ path: e.path }));
  },
};

// Kiali's path format (`spec/rules[0]/from[0]/source/principals`), produced in one place.
import type { ObjectPath } from './checker.js';

/**
 * Keys are joined with `/`, list indexes are appended to the preceding key as `[i]`
 * (kiali-backend-reference §2.4: the UI uses these strings to highlight YAML).
 */
export function formatPath(path: ObjectPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `/${segment}`;
  }
  return out;
}

// Text sent to the console to be checked or compared (the editor's unsaved YAML, a form's preview). The console
// is shared by everyone who can reach it, so the work one text may ask for is bounded before any check runs:
// a count of its YAML nodes, which is linear and cheap. Files on disk have no such limit (`meshlock validate`).
import type { MeshObject } from '../core/index.js';
import { ReportError } from './report-error.js';

/** The name sent text is parsed under; never shown, since positions are in the text itself. */
export const SENT = '(sent)';

/** Far above any one object or any file a person edits in the console (a 500-rule file is about 15,000). */
export const MAX_SENT_NODES = 50_000;

/** Throws a `too-complex` ReportError when the objects hold more than MAX_SENT_NODES values, keys included. */
export function boundSentText(objects: readonly MeshObject[]): void {
  let nodes = 0;
  const visit = (value: unknown): void => {
    nodes++;
    if (nodes > MAX_SENT_NODES) return;
    if (Array.isArray(value)) for (const item of value) visit(item);
    else if (typeof value === 'object' && value !== null) {
      for (const item of Object.values(value)) {
        nodes++;
        visit(item);
      }
    }
  };
  for (const object of objects) visit(object.raw);
  if (nodes > MAX_SENT_NODES) {
    throw new ReportError('too-complex', `the text holds more than ${MAX_SENT_NODES.toLocaleString('en-US')} YAML keys and values, more than the console checks in one request; check it with \`meshlock validate FILE\``);
  }
}

import type { Checker } from '../checker.js';
import { clashingPorts } from './host-port-index.js';

// Two ServiceEntries for the same host and port: a client sees one of them (its own namespace's, else
// the oldest), so the other's endpoints and settings silently do not apply there.
export const serviceEntryHostPortMultiMatch: Checker = {
  code: 'KIA1211',
  kinds: ['ServiceEntry'],
  severity: 'warning',
  message: 'More than one ServiceEntry for the same host and port',
  invalidates: false,
  check(object, ctx) {
    return clashingPorts(ctx, object, false);
  },
};

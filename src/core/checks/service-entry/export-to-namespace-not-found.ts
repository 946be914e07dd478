import type { Checker } from '../checker.js';
import { unknownExportToNamespaces } from './export-to-namespaces.js';

// Exporting to a namespace that does not exist usually means a typo: the clients meant to see the entry never do.
export const serviceEntryExportToNamespaceNotFound: Checker = {
  code: 'KIA0005',
  kinds: ['ServiceEntry'],
  severity: 'error',
  message: 'No matching namespace found or namespace is not accessible',
  invalidates: true,
  check(object, ctx) {
    return object.apiVersion.startsWith('networking.istio.io/') ? unknownExportToNamespaces(object, ctx) : [];
  },
};

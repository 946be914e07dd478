import type { Checker } from '../checker.js';
import { unknownExportToNamespaces } from '../service-entry/export-to-namespaces.js';

// Exporting to a namespace that does not exist usually means a typo: its clients never get these routes.
export const virtualServiceExportToNamespaceNotFound: Checker = {
  code: 'KIA0005',
  kinds: ['VirtualService'],
  severity: 'error',
  message: 'No matching namespace found or namespace is not accessible',
  invalidates: true,
  check(object, ctx) {
    return object.apiVersion.startsWith('networking.istio.io/') ? unknownExportToNamespaces(object, ctx) : [];
  },
};

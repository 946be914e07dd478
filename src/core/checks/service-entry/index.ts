// ServiceEntry checks (kiali-backend-reference §2.4.7).
import type { Checker } from '../checker.js';
import { serviceEntryExportToNamespaceNotFound } from './export-to-namespace-not-found.js';
import { serviceEntryHostPortMultiMatch } from './host-port-multi-match.js';
import { serviceEntryHostPortProtocolConflict } from './host-port-protocol-conflict.js';

export const serviceEntryCheckers: readonly Checker[] = [
  serviceEntryExportToNamespaceNotFound,
  serviceEntryHostPortMultiMatch,
  serviceEntryHostPortProtocolConflict,
];

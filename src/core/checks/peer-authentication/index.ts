import type { Checker } from '../checker.js';
import { meshDisableDrMissing } from './mesh-disable-dr-missing.js';
import { meshDrMissing } from './mesh-dr-missing.js';
import { multipleNamespaceWide } from './multiple-namespace-wide.js';
import { multipleWorkloadMatch } from './multiple-workload-match.js';
import { namespaceDisableDrMissing } from './namespace-disable-dr-missing.js';
import { namespaceDrMissing } from './namespace-dr-missing.js';
import { peerAuthenticationWorkloadNotFound } from './workload-not-found.js';

export const peerAuthenticationCheckers: readonly Checker[] = [
  multipleNamespaceWide,
  multipleWorkloadMatch,
  peerAuthenticationWorkloadNotFound,
  meshDrMissing,
  namespaceDrMissing,
  namespaceDisableDrMissing,
  meshDisableDrMissing,
];

import type { Checker } from '../checker.js';
import { exportToNamespaceNotFound } from './export-to-namespace-not-found.js';
import { hostNotFound } from './host-not-found.js';
import { meshPolicyMissing } from './mesh-policy-missing.js';
import { multipleRulesSameHost } from './multiple-rules-same-host.js';
import { namespacePolicyMissing } from './namespace-policy-missing.js';
import { strictMeshPolicy } from './strict-mesh-policy.js';
import { strictNamespacePolicy } from './strict-namespace-policy.js';
import { subsetLabelsNotFound } from './subset-labels-not-found.js';
import { subsetWithoutLabels } from './subset-without-labels.js';
import { tlsSettingsOverridden } from './tls-settings-overridden.js';

// Kiali's order inside one entry: mTLS and exportTo checks, group checks, registry checks.
export const destinationRuleCheckers: readonly Checker[] = [
  strictNamespacePolicy,
  strictMeshPolicy,
  exportToNamespaceNotFound,
  namespacePolicyMissing,
  meshPolicyMissing,
  multipleRulesSameHost,
  tlsSettingsOverridden,
  hostNotFound,
  subsetLabelsNotFound,
  subsetWithoutLabels,
];

import type { Checker } from '../checker.js';
import { operationHostNotFound } from './host-not-found.js';
import { mtlsRequired } from './mtls-required.js';
import { namespaceNotFound } from './namespace-not-found.js';
import { principalForeignTrustDomain } from './principal-foreign-trust-domain.js';
import { principalNotFound } from './principal-not-found.js';
import { authorizationPolicyWorkloadNotFound } from './workload-not-found.js';
import { wrongMethod } from './wrong-method.js';

export const authorizationPolicyCheckers: readonly Checker[] = [
  authorizationPolicyWorkloadNotFound,
  namespaceNotFound,
  wrongMethod,
  operationHostNotFound,
  principalNotFound,
  principalForeignTrustDomain,
  mtlsRequired,
];

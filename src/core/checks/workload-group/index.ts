// WorkloadGroup checks (kiali-backend-reference §2.4.8); WorkloadEntries have none.
import type { Checker } from '../checker.js';
import { workloadGroupDuplicateLabels } from './duplicate-labels.js';
import { workloadGroupServiceAccountNotFound } from './service-account-not-found.js';

export const workloadGroupCheckers: readonly Checker[] = [workloadGroupServiceAccountNotFound, workloadGroupDuplicateLabels];

// Checks on Kubernetes Services (kiali-backend-reference §2.4.11; Kiali's key kind `service`).
import type { Checker } from '../checker.js';
import { serviceDeploymentPortMismatch } from './deployment-port-mismatch.js';
import { servicePortAppProtocol } from './port-app-protocol.js';
import { servicePortName } from './port-name.js';

export const serviceCheckers: readonly Checker[] = [servicePortName, servicePortAppProtocol, serviceDeploymentPortMismatch];

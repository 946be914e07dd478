import type { Checker } from '../checker.js';
import { credentialNameWithoutSelector } from './credential-name-without-selector.js';
import { disableNamespaceStrictWorkload } from './disable-namespace-strict-workload.js';
import { duplicateNamespaceWideIgnored } from './duplicate-namespace-wide-ignored.js';
import { istioMutualWithoutSidecar } from './istio-mutual-without-sidecar.js';
import { kubeApiIstioMutual } from './kube-api-istio-mutual.js';
import { portNotServed } from './port-not-served.js';
import { portSettingsDropTls } from './port-settings-drop-tls.js';
import { rootSelectorIgnored } from './root-selector-ignored.js';
import { selectorAndCatchAll } from './selector-and-catch-all.js';
import { tlsWithoutMode } from './tls-without-mode.js';
import { ztunnelIgnoresDestinationRule } from './ztunnel-ignores-destination-rule.js';
import { ztunnelPortModeIgnored } from './ztunnel-port-mode-ignored.js';

export const meshCheckers: readonly Checker[] = [
  rootSelectorIgnored,
  duplicateNamespaceWideIgnored,
  portNotServed,
  disableNamespaceStrictWorkload,
  tlsWithoutMode,
  istioMutualWithoutSidecar,
  kubeApiIstioMutual,
  selectorAndCatchAll,
  portSettingsDropTls,
  credentialNameWithoutSelector,
  ztunnelIgnoresDestinationRule,
  ztunnelPortModeIgnored,
];

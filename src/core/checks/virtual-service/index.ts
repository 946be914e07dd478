// VirtualService checks (kiali-backend-reference §2.4.5), in Kiali's order within an entry.
import type { Checker } from '../checker.js';
import { virtualServiceExportToNamespaceNotFound } from './export-to-namespace-not-found.js';
import { virtualServiceGatewayNotFound } from './gateway-not-found.js';
import { virtualServiceGatewayOldNomenclature } from './gateway-old-nomenclature.js';
import { virtualServiceHostNotFound } from './host-not-found.js';
import { virtualServiceRepeatedSubset } from './repeated-subset.js';
import { virtualServiceSingleHost } from './single-host.js';
import { virtualServiceSingleWeight } from './single-weight.js';
import { virtualServiceSubsetNotFound } from './subset-not-found.js';

export const virtualServiceCheckers: readonly Checker[] = [
  virtualServiceExportToNamespaceNotFound,
  virtualServiceHostNotFound,
  virtualServiceGatewayNotFound,
  virtualServiceGatewayOldNomenclature,
  virtualServiceSingleWeight,
  virtualServiceRepeatedSubset,
  virtualServiceSubsetNotFound,
  virtualServiceSingleHost,
];

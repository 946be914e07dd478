import { field, list, str } from '../../model/read.js';
import type { Checker, Finding } from '../checker.js';
import { isGatewayApi } from './gateway-api.js';

/** Condition type → the status that means trouble. */
const GATEWAY_BAD: Readonly<Record<string, string>> = { Accepted: 'False', Programmed: 'False', Ready: 'False', Scheduled: 'False' };
const LISTENER_BAD: Readonly<Record<string, string>> = {
  Accepted: 'False',
  Conflicted: 'True',
  Detached: 'True',
  Programmed: 'False',
  Ready: 'False',
  ResolvedRefs: 'False',
};

/** States that resolve on their own (the controller has not finished), not spec errors. */
function benign(condition: unknown): boolean {
  const reason = str(field(condition, 'reason')) ?? '';
  if (reason === 'Pending' || reason === 'ListenersNotValid' || reason === 'ListenerSetsNotValid') return true;
  return reason === 'AddressNotAssigned' && (str(field(condition, 'message')) ?? '').includes('address pending');
}

function bad(condition: unknown, table: Readonly<Record<string, string>>): boolean {
  const type = str(field(condition, 'type')) ?? '';
  return table[type] !== undefined && table[type] === str(field(condition, 'status')) && !benign(condition);
}

function message(condition: unknown): string {
  return `${str(field(condition, 'message')) ?? ''}. GWAPI errors should be changed in the spec.`;
}

// What the Gateway controller itself reported: a status condition saying the Gateway or a listener is
// not accepted, not programmed or conflicted.
export const gatewayApiStatusCondition: Checker = {
  code: 'GWAPI',
  kinds: ['Gateway'],
  severity: 'warning',
  message: 'GWAPI errors should be changed in the spec.',
  invalidates: true,
  check(gateway) {
    if (!isGatewayApi(gateway, 'Gateway')) return [];
    const findings: Finding[] = [];
    list(field(gateway.raw, 'status', 'conditions')).forEach((c, i) => {
      if (bad(c, GATEWAY_BAD)) findings.push({ path: ['status', 'conditions', i, 'reason', str(field(c, 'reason')) ?? ''], message: message(c) });
    });
    list(field(gateway.raw, 'status', 'listeners')).forEach((l, i) => {
      list(field(l, 'conditions')).forEach((c, j) => {
        if (bad(c, LISTENER_BAD)) findings.push({ path: ['status', 'listeners', i, 'conditions', j, 'reason'], message: message(c) });
      });
    });
    return findings;
  },
};

import type { Checker } from '../checker.js';
import { isDestinationRule } from '../policy-modes.js';
import { tlsBlocks } from './tls-blocks.js';

// `tls: {}` or `tls` with only `sni` is DISABLE: it switches auto mTLS off for that scope and clients send
// plaintext, which is rarely what someone adding a tls block meant (istio-mtls-semantics §2.2).
export const tlsWithoutMode: Checker = {
  code: 'MSL005',
  kinds: ['DestinationRule'],
  severity: 'warning',
  message: 'tls without mode means DISABLE: auto mTLS is switched off and clients send plaintext',
  invalidates: false,
  check(dr) {
    if (!isDestinationRule(dr)) return [];
    return tlsBlocks(dr)
      .filter((b) => !b.tls.modeSet)
      .map((b) => ({ path: b.path }));
  },
};

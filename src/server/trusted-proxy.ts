// `--auth header` trusts a reverse proxy to put the signed-in person's token in a header. Naming that proxy
// (its network, its client certificate, or both) makes the console refuse everyone who goes around it.
import { BlockList, isIP } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { FastifyRequest } from 'fastify';

export interface TrustedProxyOptions {
  /** Networks the proxy connects from, as CIDR (`10.0.0.0/8`, `fd00::/8`) or single addresses. */
  readonly networks?: readonly string[];
  /** The proxy must present a client certificate signed by the CA the TLS server was given (`--trusted-proxy-ca`). */
  readonly clientCertificate?: boolean;
}

export class TrustedProxyError extends Error {}

/** A BlockList of the networks, or a TrustedProxyError naming the entry that is not a network. */
export function parseNetworks(networks: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of networks) {
    const [address = '', prefixText, extra] = entry.trim().split('/');
    const family = isIP(address);
    const max = family === 6 ? 128 : 32;
    const prefix = prefixText === undefined ? max : Number(prefixText);
    if (family === 0 || extra !== undefined || !/^\d+$/.test(prefixText ?? String(max)) || prefix > max) {
      throw new TrustedProxyError(`--trusted-proxy ${entry}: expected an address or a CIDR such as 10.0.0.0/8 or fd00::/8`);
    }
    list.addSubnet(address, prefix, family === 6 ? 'ipv6' : 'ipv4');
  }
  return list;
}

/** Checks a request against the proxy; undefined when it came through it, else why not. */
export function trustedProxyCheck(options: TrustedProxyOptions): (request: FastifyRequest) => string | undefined {
  const networks = options.networks && options.networks.length > 0 ? parseNetworks(options.networks) : undefined;
  return (request) => {
    const socket = request.raw.socket;
    const address = socket.remoteAddress ?? '';
    if (networks && !networks.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4')) return `requests must come through the trusted proxy; ${address || 'this client'} is not in --trusted-proxy`;
    if (options.clientCertificate && (socket as Partial<TLSSocket>).authorized !== true) return 'requests must come through the trusted proxy, with its client certificate';
    return undefined;
  };
}

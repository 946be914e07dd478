// Who can reach `meshlock serve`, and what they can do there: the Host names it answers to, HTTPS, the
// trusted proxy of `--auth header`, and the refusal to let anyone on the network edit without signing in.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { ServerOptions } from '../../server/create-server.js';
import { isLoopbackHost } from '../../net/host-names.js';
import type { ConsoleAuth } from '../../server/mesh-states.js';
import { parseNetworks, TrustedProxyError } from '../../server/trusted-proxy.js';
import { CliExit, type CliIo } from '../io.js';

/** The console's port unless --port says otherwise. */
export const DEFAULT_PORT = 20001;

export interface NetworkFlags {
  readonly host?: string;
  readonly viewOnly?: boolean;
  /** `--allowed-host NAME` (repeatable): more Host names the console answers to. */
  readonly allowedHost?: readonly string[];
  /** `--allow-remote-writes`: accept that anyone who reaches a non-loopback address may edit without signing in. */
  readonly allowRemoteWrites?: boolean;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  /** `--trusted-proxy CIDR` (repeatable), with `--auth header`. */
  readonly trustedProxy?: readonly string[];
  /** `--trusted-proxy-ca FILE`, with `--auth header` and HTTPS: the proxy's client certificate must chain to it. */
  readonly trustedProxyCa?: string;
}

export type NetworkOptions = Pick<ServerOptions, 'allowedHosts' | 'tls' | 'trustedProxy'>;

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function addNetworkOptions(command: Command): Command {
  return command
    .option('--allowed-host <NAME>', 'a Host name the console also answers to, e.g. the name a proxy or DNS gives it (repeatable; loopback names and the --host address are always allowed)', collect)
    .option('--allow-remote-writes', 'with a non-loopback --host and no sign-in (files, or --auth anonymous): let anyone who reaches the port edit; without it such a console refuses to start unless --view-only')
    .option('--tls-cert <FILE>', 'serve HTTPS with this certificate (PEM, with its chain); needs --tls-key')
    .option('--tls-key <FILE>', 'the private key (PEM) of --tls-cert')
    .option('--trusted-proxy <CIDR>', 'with --auth header: answer only requests from this network, the reverse proxy (repeatable; 401 otherwise)', collect)
    .option('--trusted-proxy-ca <FILE>', 'with --auth header and HTTPS: answer only clients with a certificate signed by this CA (PEM), the reverse proxy');
}

async function readPem(flag: string, file: string, cwd: string): Promise<string> {
  try {
    return await readFile(resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new CliExit(2, `${flag} ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/** Why a console with these flags must not start, or undefined. Pure, so every combination is tested. */
export function exposureRefusal(flags: NetworkFlags, auth: ConsoleAuth): string | undefined {
  const host = flags.host ?? '127.0.0.1';
  if (isLoopbackHost(host) || flags.viewOnly || flags.allowRemoteWrites || auth === 'token' || auth === 'header') return undefined;
  const who = auth === 'none' ? 'edit these files' : "edit the cluster's Istio configuration with meshlock's own credential";
  return (
    `--host ${host} lets anyone who can reach this port ${who}, with no sign-in. ` +
    `Add --view-only, or --allow-remote-writes to accept that${auth === 'anonymous' ? ', or make people sign in with --auth token or --auth header' : ''}`
  );
}

/** What to say at start about a console other machines can reach; nothing on loopback. */
export function exposureWarnings(flags: NetworkFlags, auth: ConsoleAuth): string[] {
  const host = flags.host ?? '127.0.0.1';
  if (isLoopbackHost(host)) return [];
  const names = ['localhost', '127.0.0.1', '[::1]', ...(host === '0.0.0.0' || host === '::' ? [] : [host]), ...(flags.allowedHost ?? [])];
  const warnings = [`listening on ${host}: other machines can connect; the console answers only to the Host names ${names.join(', ')} (add more with --allowed-host)`];
  if (!flags.tlsCert) warnings.push('traffic to the console is plain HTTP: serve HTTPS with --tls-cert/--tls-key, or put a TLS-terminating proxy in front');
  if (auth === 'header' && !flags.trustedProxy?.length && !flags.trustedProxyCa) {
    warnings.push('--auth header believes any client that sends the token header: name the proxy with --trusted-proxy CIDR or --trusted-proxy-ca FILE');
  }
  if (flags.allowRemoteWrites && !flags.viewOnly && (auth === 'none' || auth === 'anonymous')) warnings.push('--allow-remote-writes: anyone who reaches the port can edit without signing in');
  return warnings;
}

/** Checks the flags, reads the certificate files and prints the warnings; throws CliExit(2) when refused. */
export async function networkOptions(flags: NetworkFlags, auth: ConsoleAuth, io: Pick<CliIo, 'err' | 'cwd'>): Promise<NetworkOptions> {
  if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined)) throw new CliExit(2, '--tls-cert and --tls-key go together');
  if ((flags.trustedProxy?.length || flags.trustedProxyCa) && auth !== 'header') throw new CliExit(2, '--trusted-proxy and --trusted-proxy-ca go with --auth header');
  if (flags.trustedProxyCa && !flags.tlsCert) throw new CliExit(2, '--trusted-proxy-ca needs HTTPS: add --tls-cert and --tls-key');
  try {
    parseNetworks(flags.trustedProxy ?? []);
  } catch (error) {
    if (error instanceof TrustedProxyError) throw new CliExit(2, error.message);
    throw error;
  }
  const refusal = exposureRefusal(flags, auth);
  if (refusal) throw new CliExit(2, refusal);
  for (const warning of exposureWarnings(flags, auth)) io.err(`meshlock: warning: ${warning}\n`);
  const tls =
    flags.tlsCert !== undefined && flags.tlsKey !== undefined
      ? {
          cert: await readPem('--tls-cert', flags.tlsCert, io.cwd),
          key: await readPem('--tls-key', flags.tlsKey, io.cwd),
          ...(flags.trustedProxyCa !== undefined && { clientCa: await readPem('--trusted-proxy-ca', flags.trustedProxyCa, io.cwd) }),
        }
      : undefined;
  const networks = flags.trustedProxy ?? [];
  return {
    ...(flags.allowedHost?.length && { allowedHosts: flags.allowedHost }),
    ...(tls && { tls }),
    ...((networks.length > 0 || flags.trustedProxyCa !== undefined) && { trustedProxy: { networks, clientCertificate: flags.trustedProxyCa !== undefined } }),
  };
}

// Istio's metadata exchange (istio-mtls-semantics §5.5): how a server sidecar learns which workload called.
// HTTP: the client sidecar adds headers, so it works over plaintext too; TCP: a frame after the mTLS
// handshake, only when ALPN `istio-peer-exchange` was negotiated. A client without sidecar sends neither,
// so it shows as `unknown`. The lab carries JSON where Istio carries a protobuf, with Istio's magic number.
import type { Duplex } from 'node:stream';
import { peek } from './peek.js';

export interface PeerMetadata {
  readonly workload: string;
  readonly namespace: string;
  readonly app: string;
  readonly version: string;
}

export const PEER_METADATA_HEADER = 'x-envoy-peer-metadata';
export const PEER_METADATA_ID_HEADER = 'x-envoy-peer-metadata-id';
export const PEER_EXCHANGE_ALPN = 'istio-peer-exchange';
const EXCHANGE_MAGIC = 0x3d230467;
/** A frame larger than this is not metadata; the connection is handed on untouched. */
const MAX_FRAME = 16 * 1024;

function parse(text: string): PeerMetadata | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const record = value as Record<string, unknown>;
    const { workload, namespace, app, version } = record;
    if (typeof workload !== 'string' || typeof namespace !== 'string') return undefined;
    return { workload, namespace, app: typeof app === 'string' ? app : 'unknown', version: typeof version === 'string' ? version : 'unknown' };
  } catch {
    return undefined;
  }
}

export function peerHeaders(meta: PeerMetadata): Record<string, string> {
  return {
    [PEER_METADATA_HEADER]: Buffer.from(JSON.stringify(meta)).toString('base64'),
    [PEER_METADATA_ID_HEADER]: `sidecar~${meta.workload}.${meta.namespace}`,
  };
}

export function readPeerHeader(value: string | string[] | undefined): PeerMetadata | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text ? parse(Buffer.from(text, 'base64').toString('utf8')) : undefined;
}

export function peerExchangeFrame(meta: PeerMetadata): Buffer {
  const body = Buffer.from(JSON.stringify(meta));
  const header = Buffer.alloc(8);
  header.writeUInt32BE(EXCHANGE_MAGIC, 0);
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

function frameLength(bytes: Buffer): number | undefined {
  if (bytes.length < 8) return undefined;
  if (bytes.readUInt32BE(0) !== EXCHANGE_MAGIC) return 0;
  const length = bytes.readUInt32BE(4);
  return length > MAX_FRAME ? 0 : 8 + length;
}

/** Takes the exchange frame off the front of the stream; the rest stays for the app. */
export async function readPeerExchange(stream: Duplex): Promise<PeerMetadata | undefined> {
  let meta: PeerMetadata | undefined;
  await peek(
    stream,
    (bytes) => {
      const length = frameLength(bytes);
      return length !== undefined && bytes.length >= length;
    },
    (bytes) => {
      const length = frameLength(bytes) ?? 0;
      if (length === 0 || bytes.length < length) return 0;
      meta = parse(bytes.toString('utf8', 8, length));
      return length;
    },
  );
  return meta;
}

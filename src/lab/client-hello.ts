// A TLS inspector, as Envoy's listener filter: from the first bytes of a connection, is it TLS, and
// which ALPN protocols does the ClientHello offer? The inbound sidecar picks its filter chain from that
// (istio-mtls-semantics §1.6).

const HANDSHAKE_RECORD = 0x16;
const CLIENT_HELLO = 0x01;
const ALPN_EXTENSION = 0x0010;

export function looksLikeTls(firstBytes: Buffer): boolean {
  return firstBytes.length > 0 && firstBytes[0] === HANDSHAKE_RECORD;
}

/** Bytes needed for the whole first TLS record, or undefined until its 5-byte header has arrived. */
export function firstRecordLength(bytes: Buffer): number | undefined {
  return bytes.length < 5 ? undefined : 5 + bytes.readUInt16BE(3);
}

/**
 * ALPN protocols offered by the ClientHello in the first record; [] when there are none or the record
 * is not a ClientHello this parser understands (a ClientHello split over records counts as none, like
 * a client that offers no ALPN, which sends it to the non-Istio chain).
 */
export function offeredAlpn(record: Buffer): string[] {
  try {
    if (record[0] !== HANDSHAKE_RECORD || record[5] !== CLIENT_HELLO) return [];
    let at = 9; // record header (5) + handshake type (1) + length (3)
    at += 2 + 32; // client version, random
    at += 1 + record.readUInt8(at); // session id
    at += 2 + record.readUInt16BE(at); // cipher suites
    at += 1 + record.readUInt8(at); // compression methods
    const end = at + 2 + record.readUInt16BE(at);
    at += 2;
    while (at + 4 <= end) {
      const type = record.readUInt16BE(at);
      const length = record.readUInt16BE(at + 2);
      at += 4;
      if (type === ALPN_EXTENSION) return readAlpnList(record.subarray(at, at + length));
      at += length;
    }
  } catch {
    // A truncated record reads past the buffer (RangeError): treat it as offering nothing.
  }
  return [];
}

function readAlpnList(extension: Buffer): string[] {
  const protocols: string[] = [];
  let at = 2;
  const end = 2 + extension.readUInt16BE(0);
  while (at < end) {
    const length = extension.readUInt8(at);
    protocols.push(extension.toString('latin1', at + 1, at + 1 + length));
    at += 1 + length;
  }
  return protocols;
}

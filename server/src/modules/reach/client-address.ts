import type { IncomingMessage } from 'node:http';

/** Express' compiled `trust proxy` function (`app.get('trust proxy fn')`), as the fast path holds it. */
export type TrustProxy = (address: string | undefined, hop: number) => boolean;

/**
 * The reader's address, decided exactly as Express decides `req.ip`
 * (proxy-addr's walk): the peer, unless the peer is a trusted proxy, in which
 * case X-Forwarded-For is read from the right, hop by hop, while each address
 * is trusted. So with TRUST_PROXY=false (or an untrusted peer) a forged header
 * changes nothing. IPv4-mapped IPv6 addresses are given as IPv4.
 */
export function clientAddress(req: IncomingMessage, trust: TrustProxy | null): string | undefined {
  const peer = req.socket.remoteAddress;
  const header = req.headers['x-forwarded-for'];
  let address = peer;
  if (header && trust?.(peer, 0)) {
    const joined = Array.isArray(header) ? header.join(',') : header;
    // One hop (the usual single proxy) needs no splitting.
    const hops = joined.includes(',')
      ? joined
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
          .reverse()
      : [joined.trim()];
    for (let i = 0; i < hops.length; i++) {
      address = hops[i];
      if (!trust(address, i + 1)) break;
    }
  }
  return address?.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

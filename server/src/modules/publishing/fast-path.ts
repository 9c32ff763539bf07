import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { PublicResponder } from './public-responder';

/**
 * The fast path of the public site: a `request` listener on the HTTP server,
 * ahead of Express and Nest, that answers a GET or HEAD from the page cache
 * when an identical request was answered through Nest before (and its answer
 * is still cached). Everything else (misses, other methods, every non-public
 * path) goes on to Express untouched.
 *
 * "Identical" is decided on the raw request, without negotiating anything
 * again, so the fast path can never disagree with the controllers: the key
 * holds every input a public answer depends on —
 * - the URL as sent (path and query: ?lang=, ?q=, ?page=…),
 * - Host and the scheme (the origin of absolute links: feed, sitemap,
 *   canonical), where X-Forwarded-Proto counts only when Express would
 *   believe it (TRUST_PROXY, judged by the same compiled function),
 * - Accept-Language as sent (Nest negotiates it with req.acceptsLanguages).
 * Two requests with equal keys get equal answers from Nest; different raw
 * headers that negotiate alike just take one trip through Nest each.
 */

/** Express' compiled `trust proxy` setting (`app.get('trust proxy fn')`): is the peer at this hop a trusted proxy? */
export type TrustProxy = (address: string | undefined, hop: number) => boolean;

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/** The request key described above; `req` may be Express' request or the raw one. */
export function requestKey(req: IncomingMessage, trust: TrustProxy): string {
  const h = req.headers;
  const scheme = (req.socket as TLSSocket).encrypted ? 'https' : 'http';
  const forwarded = h['x-forwarded-proto'];
  // Express: req.protocol reads X-Forwarded-Proto only when the peer is trusted.
  const claimed = forwarded !== undefined && trust(req.socket.remoteAddress, 0) ? forwarded : '';
  const url = (req as { originalUrl?: string }).originalUrl ?? req.url;
  return `${scheme} ${claimed}\n${h.host ?? ''}\n${h['accept-language'] ?? ''}\n${url}`;
}

/**
 * Puts the fast path in front of the server's current request listeners
 * (Express, as Nest created it). Listeners added later (socket.io's) wrap
 * this one in turn and still see their own paths first.
 */
export function installFastPath(server: Server, responder: PublicResponder, trust: TrustProxy): void {
  const next = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  responder.enableFastPath(trust);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (responder.answerFromCache(req, res)) return;
    for (const listener of next) listener.call(server, req, res);
  });
}

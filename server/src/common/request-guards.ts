import type { NextFunction, Request, Response } from 'express';
import { extractToken } from '../modules/auth/session-token';
import { DomainError } from './domain-error';
import { toErrorBody } from './http-error.filter';
import { originVerdict, type OriginOptions } from './same-origin';

/**
 * Express middlewares mounted before Nest's routes (app.ts): they answer in
 * the API's error shape themselves, since Nest's filter has not run yet.
 */

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Routes under /api that take a multipart form (relative to /api, where requireJsonBodies is mounted): file uploads. */
const UPLOAD_ROUTES = /^\/(entries\/[^/]+\/files|datasets\/[^/]+\/versions|reports\/[^/]+\/(media|captions))$/;
/** Routes under /api that take raw bytes (the chunks of a resumable upload), streamed by the route itself. */
const CHUNK_ROUTES = /^\/uploads\/[^/]+$/;

function refuse(res: Response, error: DomainError): void {
  res.status(error.statusCode).json(toErrorBody(error));
}

/**
 * Cross-site request forgery defence for every state-changing request (any
 * path, so a new route is covered without thinking of it):
 * - a bearer token in Authorization is exempt (another site cannot make the
 *   victim's browser send one);
 * - otherwise a foreign Origin (or Referer) is refused with 403 csrf_rejected,
 *   anonymous requests included (a forged sign-in would sign the victim into
 *   the attacker's account);
 * - a request that carries the session cookie must also *prove* it is
 *   same-origin: no Origin and no Referer is refused too.
 * The cookie stays SameSite=Lax; this is what makes its top-level POSTs safe.
 */
export function rejectCrossSiteRequests(options: OriginOptions) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (extractToken({ authorization: req.headers.authorization }) !== null) return next();
    const verdict = originVerdict(req.headers, options);
    if (verdict === 'same') return next();
    const viaCookie = extractToken({ cookie: req.headers.cookie }) !== null;
    if (verdict === 'foreign' || viaCookie) {
      return refuse(res, new DomainError('csrf_rejected', 'This request did not come from this site (Origin or Referer missing or foreign)'));
    }
    next();
  };
}

/**
 * The API takes JSON only: a state-changing request with any other declared
 * type, or a body without a type, is refused with 415 before it is parsed
 * (express.json would otherwise skip it and the route would see no body).
 * Body-less requests (Content-Length 0, no Content-Type) pass, and so do
 * multipart forms to the routes that stream them themselves (UPLOAD_ROUTES).
 */
export function requireJsonBodies(req: Request, res: Response, next: NextFunction): void {
  if (SAFE_METHODS.has(req.method)) return next();
  if (req.method === 'POST' && UPLOAD_ROUTES.test(req.path) && req.is('multipart/form-data')) return next();
  if (req.method === 'PATCH' && CHUNK_ROUTES.test(req.path) && req.is(['application/offset+octet-stream', 'application/octet-stream'])) return next();
  const type = req.headers['content-type'];
  const length = req.headers['content-length'];
  const hasBody = req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  if (type === undefined ? !hasBody : req.is('application/json') !== false) return next();
  refuse(res, new DomainError('unsupported_media_type', 'The API accepts JSON bodies only (Content-Type: application/json)'));
}

/**
 * Answers of the private API carry personal data (who is signed in, review
 * queues, audit logs): never stored by a browser or proxy. The public API
 * (`/api/public/…`) serves published content, the same for everyone, and
 * keeps its own short public caching (PublicResponder).
 */
export function noStoreOutsidePublicApi(req: Request, res: Response, next: NextFunction): void {
  // Mounted on /api: req.path is relative to it.
  if (req.path !== '/public' && !req.path.startsWith('/public/')) res.setHeader('Cache-Control', 'no-store');
  next();
}

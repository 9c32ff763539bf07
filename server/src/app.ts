import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import compression from 'compression';
import express, { type NextFunction, type Request, type Response } from 'express';
import { MAX_JSON_BODY_BYTES, REALTIME_PATH } from '@knowledge-hub/shared';
import { AppModule } from './app.module';
import { type ContentCoding, negotiateCoding } from './common/content-coding';
import { toErrorBody, HttpErrorFilter } from './common/http-error.filter';
import type { AppConfig } from './config/config';
import { openDatabase, type Database } from './database/database';
import { COLLAB_PATH_PREFIX, CollabService } from './modules/collab/collab.service';
import { installFastPath } from './modules/publishing/fast-path';
import { PublicResponder } from './modules/publishing/public-responder';
import { setBaseSecurityHeaders } from './common/security-headers';
import { noStoreOutsidePublicApi, rejectCrossSiteRequests, requireJsonBodies } from './common/request-guards';
import { createIoAdapter } from './modules/realtime/redis-io-adapter';
import { AuthService } from './modules/auth/auth.service';
import { BuiltFile, WorkspaceManifest, workspacePage } from './workspace-page';

export interface RunningApp {
  app: NestExpressApplication;
  db: Database;
  server: Server;
  /** Graceful stop: flush and acknowledge every edit, close sockets, close the database. */
  close(): Promise<void>;
}

const LOG_LEVELS: Record<AppConfig['logLevel'], LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
};

/** Builds the whole server (database, migrations, HTTP, socket.io, collab) and listens on config.port. */
export async function startApp(
  config: AppConfig,
  options: { beforeListen?: (db: Database, app: NestExpressApplication) => Promise<void> } = {},
): Promise<RunningApp> {
  const db = await openDatabase(config);
  let app: NestExpressApplication | undefined;
  try {
    app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, db.dataSource), {
      logger: LOG_LEVELS[config.logLevel],
      bodyParser: false,
    });
    app.useWebSocketAdapter(createIoAdapter(app, config));
    app.useGlobalFilters(new HttpErrorFilter());
    app.disable('x-powered-by');
    app.set('trust proxy', trustProxySetting(config.trustProxy));
    app.use(securityHeaders);
    app.use(rejectCrossSiteRequests(config));
    // API answers of 1 KB and more are compressed (gzip or brotli, as the client accepts): a published entry's JSON is 70 KB as it is.
    // Not /api/public: it compresses its own cached answers, which the fast path (installFastPath) writes byte for byte as Nest does.
    app.use('/api', compression({ threshold: 1024, filter: (req, res) => !req.originalUrl.startsWith('/api/public/') && compression.filter(req, res) }));
    app.use('/api', noStoreOutsidePublicApi, requireJsonBodies, express.json({ limit: MAX_JSON_BODY_BYTES }), jsonErrors);
    serveClient(app, config.clientDist, app.get(AuthService));
    const server = app.getHttpServer() as Server;
    // Cached public answers are written before Express sees the request: a repeated reader request costs two lookups in memory.
    installFastPath(server, app.get(PublicResponder), app.getHttpAdapter().getInstance().get('trust proxy fn'));
    app.get(CollabService).attach(server);
    refuseOtherUpgrades(server);
    await options.beforeListen?.(db, app);
    await app.listen(config.port, config.host);
    const running = app;
    return {
      app: running,
      db,
      server,
      async close() {
        await running.close();
        await db.close();
      },
    };
  } catch (err) {
    await app?.close().catch(() => undefined);
    await db.close();
    throw err;
  }
}

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Content-Security-Policy', CSP);
  setBaseSecurityHeaders(res);
  next();
}

/** TRUST_PROXY: `true`/`false`, a hop count, or Express's list of addresses and names (`loopback, uniquelocal`). */
function trustProxySetting(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** body-parser errors happen before Nest's filters: answer them in the same shape. */
function jsonErrors(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (!err) return next();
  const body = toErrorBody(err);
  res.status(body.statusCode).json(body);
}

/**
 * The built React workspace under /app/, with client-side routes falling back
 * to index.html. Everything else (`/` included: the public hub) is left to the
 * Nest routes.
 */
function serveClient(app: NestExpressApplication, clientDist: string, auth: AuthService): void {
  const index = new BuiltFile(path.join(clientDist, 'index.html'));
  const manifest = new WorkspaceManifest(path.join(clientDist, '.vite', 'manifest.json'));
  const logger = new Logger('Workspace');
  const compressPage = compression({ threshold: 1024 });
  app.use('/app/assets', hashedAssets(path.join(clientDist, 'assets')));
  app.use('/app', express.static(clientDist, { index: false, maxAge: '1h' }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path !== '/app' && !req.path.startsWith('/app/')) return next();
    const html = index.read();
    if (html === null) {
      res.status(503).type('text/plain').send('The workspace is not built yet: run `npm run build` (npm start does it).');
      return;
    }
    // The page carries who is signed in (workspacePage): private to that browser, and asked for again on every load.
    res.setHeader('Cache-Control', 'private, no-cache');
    res.setHeader('Vary', 'Cookie');
    // An invitation or a reset link is a secret in the address: never in a search index.
    if (SECRET_LINK_PAGES.test(req.path)) res.setHeader('X-Robots-Tag', 'noindex, nofollow');
    // Compressed (gzip or brotli, as accepted): it holds the entry stylesheet (see client/vite-inline-css.ts).
    compressPage(req, res, () =>
      workspacePage(html, { path: req.path, cookie: req.headers.cookie }, auth, logger, manifest).then(
        (page) => res.type('html').send(page),
        (err: unknown) => next(err),
      ),
    );
  });
}

/** Workspace pages whose address carries a secret token. */
const SECRET_LINK_PAGES = /^\/app\/(join|reset)\//i;

/** Vite names every file under assets/ by its content's hash: a changed file is a new URL. */
const IMMUTABLE = { maxAge: '365d', immutable: true } as const;
const PRECOMPRESSED_SUFFIX: Record<ContentCoding, string> = { br: '.br', gzip: '.gz' };

/**
 * The workspace's hashed assets, cached for a year, sent as the build's
 * precompressed `.br` / `.gz` twin when the browser accepts it (the client's
 * vite-precompress plugin writes them), otherwise as they are.
 */
function hashedAssets(dir: string): (req: Request, res: Response, next: NextFunction) => void {
  const plain = express.static(dir, { index: false, fallthrough: false, ...IMMUTABLE });
  return (req, res, next) => {
    const name = req.path.slice(1);
    const coding = /^[A-Za-z0-9_.-]+$/.test(name) && !name.startsWith('.') ? negotiateCoding(req.headers['accept-encoding']) : null;
    const twin = coding ? path.join(dir, name + PRECOMPRESSED_SUFFIX[coding]) : null;
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !coding || !twin || !fs.existsSync(twin)) {
      if (fs.existsSync(path.join(dir, `${name}.br`))) res.setHeader('Vary', 'Accept-Encoding');
      plain(req, res, next);
      return;
    }
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('Content-Encoding', coding);
    res.type(path.extname(name));
    res.sendFile(twin, IMMUTABLE, (err) => err && next(err));
  };
}

/** Upgrades on any path but /collab/… and /realtime are refused. */
function refuseOtherUpgrades(server: Server): void {
  server.on('upgrade', (req, socket: Duplex) => {
    const p = (req.url ?? '/').split('?')[0];
    if (p.startsWith(COLLAB_PATH_PREFIX) || p === REALTIME_PATH || p.startsWith(`${REALTIME_PATH}/`)) return;
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    new Logger('Upgrade').warn(`refused upgrade on ${p}`);
  });
}

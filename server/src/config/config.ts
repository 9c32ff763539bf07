import * as path from 'node:path';
import { z } from 'zod';
import { MAX_FRAME_BYTES } from '@knowledge-hub/shared';

/**
 * The configuration, parsed and validated once at boot. Nothing else in the
 * server reads process.env: everything goes through an AppConfig.
 */
const booleanFlag = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1');

/** `Name <local@domain>` or `local@domain`, on one line. */
const MAIL_FROM_PATTERN = /^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/;

/** An optional text: empty or blank counts as unset. */
const optionalText = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().optional());

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    DATABASE_URL: z.string().url().optional(),
    DATA_DIR: z.string().default('./data'),
    REDIS_URL: z.string().url().optional(),
    REDIS_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'letters, digits and _ . : - only, at most 64')
      .default('kh'),
    SEED_DEMO: booleanFlag,
    DEMO_PASSWORD: z.string().min(8).optional(),
    /** Countries of the synthetic demo dataset seeded at the first start (200: ~229,000 rows; 0: no demo dataset). */
    DEMO_DATASET_COUNTRIES: z.coerce.number().int().min(0).max(200).default(200),
    SESSION_TTL_HOURS: z.coerce
      .number()
      .positive()
      .default(24 * 14),
    COOKIE_SECURE: booleanFlag,
    CLIENT_DIST: z.string().optional(),
    LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug']).default('log'),
    MAX_FRAME_BYTES: z.coerce.number().int().min(1024).default(MAX_FRAME_BYTES),
    COLLAB_TICK_MS: z.coerce.number().int().min(0).max(1000).default(8),
    AWARENESS_TICK_MS: z.coerce.number().int().min(0).max(5000).default(40),
    COLLAB_MAX_BUFFERED_BYTES: z.coerce
      .number()
      .int()
      .min(65_536)
      .default(8 * 1_048_576),
    COLLAB_BUSY_SHARE: z.coerce.number().gt(0).max(1).default(0.4),
    LOG_FLUSH_MS: z.coerce.number().int().min(0).max(1000).default(0),
    UNLOAD_DELAY_MS: z.coerce.number().int().min(0).default(5_000),
    COMPACT_EVERY_ROWS: z.coerce.number().int().min(1).default(10_000),
    MAX_EDITORS_PER_ENTRY: z.coerce.number().int().min(1).default(1000),
    MAX_CONNECTIONS_PER_USER_PER_ENTRY: z.coerce.number().int().min(1).default(8),
    MAX_CONNECTIONS_PER_USER: z.coerce.number().int().min(1).default(64),
    COLLAB_MAX_FRAMES_PER_SECOND: z.coerce.number().positive().default(100),
    COLLAB_MAX_BYTES_PER_SECOND: z.coerce.number().int().min(1024).default(1_048_576),
    MAX_DOCUMENT_BYTES: z.coerce
      .number()
      .int()
      .min(65_536)
      .default(16 * 1_048_576),
    COLLAB_RELAY_HEARTBEAT_MS: z.coerce.number().int().min(10).default(1_000),
    COLLAB_RELAY_PEER_TIMEOUT_MS: z.coerce.number().int().min(50).default(5_000),
    COLLAB_RELAY_SUBSCRIBE_WAIT_MS: z.coerce.number().int().min(10).default(2_000),
    METRICS_TOKEN: z.string().min(16).optional(),
    ALLOWED_ORIGINS: z
      .string()
      .optional()
      .transform((v, ctx) => parseOrigins(v ?? '', ctx)),
    TRUST_PROXY: z.string().min(1).default('loopback'),
    OIDC_ISSUER: optionalText.pipe(z.string().url().optional()),
    OIDC_CLIENT_ID: optionalText,
    OIDC_CLIENT_SECRET: optionalText,
    OIDC_LABEL: z.string().trim().min(1).max(40).default('OpenID'),
    OIDC_REDIRECT_URL: optionalText.pipe(z.string().url().optional()),
    LOGIN_THROTTLE_WINDOW_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .default(15 * 60),
    LOGIN_THROTTLE_MAX_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
    LOGIN_THROTTLE_MAX_PER_IP: z.coerce.number().int().min(1).default(100),
    SMTP_URL: z
      .string()
      .optional()
      .transform((v, ctx) => parseSmtpUrl(v ?? '', ctx)),
    MAIL_FROM: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
      z.string().trim().regex(MAIL_FROM_PATTERN, 'must be an address like "Knowledge Hub <no-reply@hub.example.org>" or no-reply@hub.example.org').optional(),
    ),
    MAIL_SEND_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
    NOTIFICATION_DIGEST_HOUR_UTC: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
      z.coerce
        .number({ message: 'must be a whole hour from 0 to 23 (UTC)' })
        .int('must be a whole hour from 0 to 23 (UTC)')
        .min(0, 'must be a whole hour from 0 to 23 (UTC)')
        .max(23, 'must be a whole hour from 0 to 23 (UTC)')
        .default(7),
    ),
    FILES_DIR: optionalText,
    MAX_UPLOAD_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(25 * 1_048_576),
    FILES_GC_GRACE_HOURS: z.coerce.number().min(0).default(24),
    DATASET_MAX_UPLOAD_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(512 * 1_048_576),
    DOI_RESOLVER_URL: optionalText.pipe(z.string().url().optional()),
    DOI_RESOLVER_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(5_000),
    DO_NOT_COUNT: booleanFlag,
    REACH_FLUSH_MS: z.coerce.number().int().min(10).max(3_600_000).default(60_000),
    MAX_MEDIA_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(2 * 1_073_741_824),
    REPORT_MEDIA_TOOLS: z.enum(['auto', 'off']).default('auto'),
    FFMPEG_PATH: z.string().min(1).default('ffmpeg'),
    FFPROBE_PATH: z.string().min(1).default('ffprobe'),
  })
  .superRefine((e, ctx) => {
    if (e.SMTP_URL && !e.MAIL_FROM) ctx.addIssue({ code: 'custom', path: ['MAIL_FROM'], message: 'required when SMTP_URL is set' });
    // Below a couple of heartbeats, every instance takes every other for crashed on every beat and reloads its documents.
    if (e.COLLAB_RELAY_PEER_TIMEOUT_MS < 2 * e.COLLAB_RELAY_HEARTBEAT_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['COLLAB_RELAY_PEER_TIMEOUT_MS'],
        message: `must be at least twice COLLAB_RELAY_HEARTBEAT_MS (${e.COLLAB_RELAY_HEARTBEAT_MS} ms)`,
      });
    }
    checkOidc(e, ctx);
  });

/** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465` (TLS from the start); empty: no mail. */
function parseSmtpUrl(value: string, ctx: z.RefinementCtx): string | undefined {
  if (value.trim() === '') return undefined;
  let url: URL | null = null;
  try {
    url = new URL(value.trim());
  } catch {
    url = null;
  }
  // The message never repeats the value: it may carry the SMTP password.
  if (!url || (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || !url.hostname) {
    ctx.addIssue({ code: 'custom', message: 'must be a URL like smtp://user:pass@host:587 or smtps://user:pass@host:465' });
    return undefined;
  }
  return url.href;
}

/** OpenID Connect sign-in: issuer, client id and secret are all set or none; the issuer speaks https (plain http on loopback only, for tests). */
function checkOidc(e: { OIDC_ISSUER?: string; OIDC_CLIENT_ID?: string; OIDC_CLIENT_SECRET?: string; OIDC_REDIRECT_URL?: string }, ctx: z.RefinementCtx): void {
  const required = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const;
  const missing = required.filter((k) => !e[k]);
  if (missing.length === required.length) {
    if (e.OIDC_REDIRECT_URL) ctx.addIssue({ code: 'custom', path: ['OIDC_REDIRECT_URL'], message: 'set only together with OIDC_ISSUER' });
    return;
  }
  for (const k of missing) ctx.addIssue({ code: 'custom', path: [k], message: `set all of ${required.join(', ')} or none` });
  for (const k of ['OIDC_ISSUER', 'OIDC_REDIRECT_URL'] as const) {
    const value = e[k];
    if (!value) continue;
    const url = URL.canParse(value) ? new URL(value) : null; // not a URL: reported by the field's own check
    if (url && url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
      ctx.addIssue({ code: 'custom', path: [k], message: 'must be an https URL (plain http only on localhost)' });
    }
  }
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A comma-separated list of origins (`https://hub.example.org`), each normalised by URL. */
function parseOrigins(value: string, ctx: z.RefinementCtx): string[] {
  const origins: string[] = [];
  for (const item of value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    let url: URL | null = null;
    try {
      url = new URL(item);
    } catch {
      url = null;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== item.replace(/\/$/, '')) {
      ctx.addIssue({ code: 'custom', message: `${item} is not an origin like https://hub.example.org` });
      continue;
    }
    origins.push(url.origin);
  }
  return origins;
}

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Set: real Postgres. Unset: the embedded Postgres under dataDir. */
  databaseUrl?: string;
  dataDir: string;
  /** Set: several instances share collab updates, awareness and socket.io rooms through this Redis. */
  redisUrl?: string;
  /** Prefix of every Redis channel and key (instances talk to each other only under the same prefix). */
  redisPrefix: string;
  seedDemo: boolean;
  demoPassword?: string;
  /** DEMO_DATASET_COUNTRIES: countries of the synthetic demo dataset (0: none). */
  demoDatasetCountries: number;
  sessionTtlMs: number;
  cookieSecure: boolean;
  clientDist: string;
  logLevel: 'error' | 'warn' | 'log' | 'debug';
  /**
   * Set: /metrics needs `Authorization: Bearer <metricsToken>`. Unset: /metrics
   * answers only requests made directly on the loopback interface (not through
   * a proxy), 404 to everyone else.
   */
  metricsToken?: string;
  /**
   * Origins besides the request's own Host that cookie-authenticated requests
   * and sockets may come from (a proxy that rewrites Host, a dev server).
   */
  allowedOrigins: string[];
  /** Express "trust proxy": whose X-Forwarded-For decides the client address (login throttling). */
  trustProxy: string;
  /** OpenID Connect sign-in (OIDC_*); null: not offered (its routes answer 404 oidc_not_configured). */
  oidc: OidcConfig | null;
  /** Sign-in attempts per window, per account and address and per address; beyond them, 429 too_many_attempts. */
  loginThrottle: {
    windowMs: number;
    maxPerAccount: number;
    maxPerIp: number;
  };
  /**
   * Set (SMTP_URL): invitations with an email, admins' reset links and join-request
   * decisions are mailed through this server. Unset: no mail; links are only shown to whoever made them.
   */
  mail: MailConfig | null;
  /** The daily notification digest is mailed at this hour, UTC (NOTIFICATION_DIGEST_HOUR_UTC, 0-23). */
  notifications: { digestHourUtc: number };
  /**
   * Set (DOI_RESOLVER_URL, e.g. https://doi.org): a bare DOI pasted as a reference is
   * resolved by GET <url>/<doi> asking for CSL-JSON, within DOI_RESOLVER_TIMEOUT_MS.
   * Unset: no reference lookup leaves the hub (422 reference_unresolvable).
   */
  doiResolver: { url: string; timeoutMs: number } | null;
  files: {
    /** Set (FILES_DIR): files are kept in this directory. Unset: in Postgres (chunked rows), which works embedded and across instances. */
    dir?: string;
    /** Largest upload (MAX_UPLOAD_BYTES); beyond it, 413 file_too_large and reading stops. */
    maxUploadBytes: number;
    /** An upload referenced by no revision and no live document is collected once it is older than this (FILES_GC_GRACE_HOURS). */
    gcGraceMs: number;
  };
  /** Readership counting (reach module; see the README's Privacy section). */
  reach: {
    /** False (DO_NOT_COUNT=true): no public read is counted at all. */
    enabled: boolean;
    /** Counts are aggregated in memory and written (to Redis, then Postgres) this often (REACH_FLUSH_MS). */
    flushMs: number;
  };
  datasets: {
    /** Largest dataset file (DATASET_MAX_UPLOAD_BYTES, default 512 MB); beyond it, 413 file_too_large. */
    maxUploadBytes: number;
  };
  reports: {
    /** Largest media file of a report (MAX_MEDIA_BYTES, default 2 GB); beyond it, 413 file_too_large. */
    maxMediaBytes: number;
    /** auto: ffprobe/ffmpeg read metadata and posters when installed; off (REPORT_MEDIA_TOOLS=off): act as if they were not. */
    mediaTools: 'auto' | 'off';
    ffmpegPath: string;
    ffprobePath: string;
  };
  collab: {
    maxFrameBytes: number;
    /** Updates and awareness arriving within one tick are merged and fanned out once. */
    tickMs: number;
    /** Awareness changes (cursors, presence) are coalesced and fanned out once per this tick. */
    awarenessTickMs: number;
    /**
     * Ticks last `tickMs` while the event loop is busy at most this share of
     * the time; above it they lengthen (every tick costs one socket write per
     * peer), and shorten again once it is well below (see LoopLoad).
     */
    busyShare: number;
    /** A connection with more than this waiting to be sent to it gets no ticks until it drains, then one catch-up update. */
    maxBufferedBytes: number;
    /**
     * Group commit: appends arriving while an insert is in flight (and within this
     * extra window, 0 by default) are written together in the next insert.
     */
    logFlushMs: number;
    /** A document with no connections is flushed, compacted and unloaded after this delay. */
    unloadDelayMs: number;
    /** A loaded document is compacted once this many log rows were appended for it. */
    compactEveryRows: number;
    /** Writers beyond this many on one entry get a read-only connection (and a notice), not a refusal. */
    maxEditorsPerEntry: number;
    /** One account's sockets on one entry, and in all, on this instance; beyond: refused with CLOSE_TOO_MANY. */
    maxConnectionsPerUserPerEntry: number;
    maxConnectionsPerUser: number;
    /** What one socket may send (steady rate; bursts of twice that, and of at least two maximal frames). Over it, reading pauses. */
    maxFramesPerSecond: number;
    maxBytesPerSecond: number;
    /** An entry's document larger than this (Yjs state bytes) takes no more edits: writers become read-only, with a notice. */
    maxDocumentBytes: number;
    /** Timing of the relay between instances (REDIS_URL set); see redis-collab-relay.ts. */
    relay: RelayTimings;
  };
}

export interface MailConfig {
  smtpUrl: string;
  /** The From header (MAIL_FROM). */
  from: string;
  /** One message's whole SMTP conversation gives up after this; the request that sent it answers `emailed: false`. */
  sendTimeoutMs: number;
}

export interface OidcConfig {
  /** The issuer's URL: its discovery document is at `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The sign-in button's text ("Sign in with <label>"). */
  label: string;
  /** Set: the callback URL registered at the provider. Unset: derived from the request (`<origin>/api/auth/oidc/callback`). */
  redirectUrl?: string;
}

export interface RelayTimings {
  /** Every instance says it is alive this often. */
  heartbeatMs: number;
  /** An instance silent this long is taken for crashed: its relayed presence is dropped and documents re-read the log. */
  peerTimeoutMs: number;
  /** A load waits this long for Redis to confirm its subscription before going on without it (an outage; repaired on reconnect). */
  subscribeWaitMs: number;
}

export class ConfigError extends Error {}

export function parseConfig(env: NodeJS.ProcessEnv): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    seedDemo: e.SEED_DEMO,
    demoPassword: e.DEMO_PASSWORD,
    demoDatasetCountries: e.DEMO_DATASET_COUNTRIES,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3_600_000,
    cookieSecure: e.COOKIE_SECURE,
    clientDist: path.resolve(e.CLIENT_DIST ?? path.join(__dirname, '..', '..', '..', 'client', 'dist')),
    logLevel: e.LOG_LEVEL,
    metricsToken: e.METRICS_TOKEN,
    allowedOrigins: e.ALLOWED_ORIGINS,
    trustProxy: e.TRUST_PROXY,
    oidc:
      e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET
        ? { issuer: e.OIDC_ISSUER, clientId: e.OIDC_CLIENT_ID, clientSecret: e.OIDC_CLIENT_SECRET, label: e.OIDC_LABEL, redirectUrl: e.OIDC_REDIRECT_URL }
        : null,
    loginThrottle: {
      windowMs: e.LOGIN_THROTTLE_WINDOW_SECONDS * 1000,
      maxPerAccount: e.LOGIN_THROTTLE_MAX_PER_ACCOUNT,
      maxPerIp: e.LOGIN_THROTTLE_MAX_PER_IP,
    },
    mail: e.SMTP_URL && e.MAIL_FROM ? { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM, sendTimeoutMs: e.MAIL_SEND_TIMEOUT_MS } : null,
    notifications: { digestHourUtc: e.NOTIFICATION_DIGEST_HOUR_UTC },
    doiResolver: e.DOI_RESOLVER_URL ? { url: e.DOI_RESOLVER_URL.replace(/\/+$/, ''), timeoutMs: e.DOI_RESOLVER_TIMEOUT_MS } : null,
    files: {
      dir: e.FILES_DIR ? path.resolve(e.FILES_DIR) : undefined,
      maxUploadBytes: e.MAX_UPLOAD_BYTES,
      gcGraceMs: e.FILES_GC_GRACE_HOURS * 3_600_000,
    },
    datasets: { maxUploadBytes: e.DATASET_MAX_UPLOAD_BYTES },
    reports: { maxMediaBytes: e.MAX_MEDIA_BYTES, mediaTools: e.REPORT_MEDIA_TOOLS, ffmpegPath: e.FFMPEG_PATH, ffprobePath: e.FFPROBE_PATH },
    reach: { enabled: !e.DO_NOT_COUNT, flushMs: e.REACH_FLUSH_MS },
    collab: {
      maxFrameBytes: e.MAX_FRAME_BYTES,
      tickMs: e.COLLAB_TICK_MS,
      awarenessTickMs: e.AWARENESS_TICK_MS,
      busyShare: e.COLLAB_BUSY_SHARE,
      maxBufferedBytes: e.COLLAB_MAX_BUFFERED_BYTES,
      logFlushMs: e.LOG_FLUSH_MS,
      unloadDelayMs: e.UNLOAD_DELAY_MS,
      compactEveryRows: e.COMPACT_EVERY_ROWS,
      maxEditorsPerEntry: e.MAX_EDITORS_PER_ENTRY,
      maxConnectionsPerUserPerEntry: e.MAX_CONNECTIONS_PER_USER_PER_ENTRY,
      maxConnectionsPerUser: e.MAX_CONNECTIONS_PER_USER,
      maxFramesPerSecond: e.COLLAB_MAX_FRAMES_PER_SECOND,
      maxBytesPerSecond: e.COLLAB_MAX_BYTES_PER_SECOND,
      maxDocumentBytes: e.MAX_DOCUMENT_BYTES,
      relay: { heartbeatMs: e.COLLAB_RELAY_HEARTBEAT_MS, peerTimeoutMs: e.COLLAB_RELAY_PEER_TIMEOUT_MS, subscribeWaitMs: e.COLLAB_RELAY_SUBSCRIBE_WAIT_MS },
    },
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');

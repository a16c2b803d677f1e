import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ROLES, type Role } from './platform/auth/roles';

/** The only reader of process.env: parsed and checked once at start. */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Where the server listens. Outside production only on loopback by default: the demo logins have a public password. */
  HOST: z.string().optional(),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('./data'),
  CONTENT_DIR: z.string().default('./content'),
  SESSION_SECRET: z.string().min(16, 'SESSION_SECRET muss mindestens 16 Zeichen lang sein').optional(),
  BASE_URL: z.string().url().optional(),
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().default('KoKoMa Campus <no-reply@kokoma.example>'),
  SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
  SESSION_MAX_HOURS: z.coerce.number().int().positive().default(12),
  TRUST_PROXY: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SCRYPT_LOG_N: z.coerce.number().int().min(10).max(20).default(17),
  SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
  /** PostgreSQL connections: pool size and how long to wait for a connection and for a statement. */
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /** Files in an S3-compatible object store instead of DATA_DIR/files (several instances share them). */
  S3_BUCKET: z.string().optional(),
  S3_ENDPOINT: z.string().url().optional(),
  S3_REGION: z.string().default('eu-central-1'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).optional(),
  /** How long a background job may run before it counts as lost (its process died) and another instance takes it up. */
  JOB_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(3600).default(300),
  /** Roles that must sign in with a second factor (comma-separated). Default: admin,trainer in production, none otherwise. */
  MFA_REQUIRED_ROLES: z.string().optional(),
  /** Encrypts the authenticator secrets; unset: derived from SESSION_SECRET (then changing that needs a new set-up). */
  MFA_ENCRYPTION_KEY: z.string().min(16, 'MFA_ENCRYPTION_KEY muss mindestens 16 Zeichen lang sein').optional(),
  /** GET /metrics (Prometheus): on the app's port with this bearer token, and/or on a port of its own (internal). */
  METRICS_TOKEN: z.string().min(24, 'METRICS_TOKEN muss mindestens 24 Zeichen lang sein').optional(),
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  METRICS_HOST: z.string().default('127.0.0.1'),
  /** "Name|Rolle;Name|Rolle": who signs the certificates. */
  CERTIFICATE_SIGNATORIES: z
    .string()
    .default('Dr. Birgit Lehmann|Vorständin der Stiftung SPI;Sabine Nowak|Projektleitung KoKoMa'),
  CERTIFICATE_PLACE: z.string().default('Berlin'),
  /** The funding line printed on every certificate, as the funder's guidelines want it worded. */
  CERTIFICATE_FUNDING_LINE: z
    .string()
    .default(
      'Gefördert vom Bundesministerium für Bildung, Familie, Senioren, Frauen und Jugend im Rahmen des Bundesprogramms „Demokratie leben!“',
    ),
  /** Logos on certificates (the programme's, the funder's): paths to PNG or JPEG files, separated by ";". None are shipped. */
  CERTIFICATE_LOGOS: z.string().optional(),
  /** Reports for municipalities and trainers show counts of fewer people than this as "< n" (statistical confidentiality). */
  REPORT_MIN_CELL: z.coerce.number().int().min(2).max(20).default(3),
  /** First day (MM-DD) of the funding year the reports offer beside the calendar year; 01-01: the same. */
  REPORT_FUNDING_YEAR_START: z
    .string()
    .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'REPORT_FUNDING_YEAR_START: bitte als MM-TT, z. B. 07-01')
    .default('01-01'),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  isProduction: boolean;
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  /** Uploads while their request runs (removed afterwards); beside the files, on the same disk. */
  incomingDir: string;
  contentDir: string;
  sessionSecret: string;
  baseUrl: string;
  smtpUrl?: string;
  mailFrom: string;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  trustProxy: boolean | number | string;
  logLevel: string;
  scryptLogN: number;
  seedDemo: boolean;
  jobTimeoutSeconds: number;
  pool: { max: number; connectTimeoutMs: number; statementTimeoutMs: number };
  s3?: {
    bucket: string;
    endpoint?: string;
    region: string;
    accessKeyId?: string;
    secretAccessKey?: string;
    forcePathStyle: boolean;
  };
  mfa: { requiredRoles: Role[]; encryptionKey: string };
  /** Undefined: no /metrics at all. */
  metrics?: { token?: string; port?: number; host: string };
  certificateSignatories: Array<{ name: string; role: string }>;
  certificatePlace: string;
  certificateFundingLine: string;
  certificateLogos: string[];
  reports: { minCell: number; fundingYearStart: string };
};

export class ConfigError extends Error {}

/** Parses the environment; in production refuses to start without the settings that have no safe default. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable counts as unset (FOO= in a .env file or a CI setting).
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Ungültige Konfiguration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const isProduction = e.NODE_ENV === 'production';
  if (isProduction) {
    const missing = (['SESSION_SECRET', 'BASE_URL', 'SMTP_URL'] as const).filter((k) => !e[k]);
    if (missing.length > 0) {
      throw new ConfigError(
        `KoKoMa Campus startet in Produktion nicht: es fehlt ${missing.join(', ')}. ` +
          'Bitte diese Umgebungsvariablen setzen (siehe README, Konfiguration).',
      );
    }
  }
  return {
    env: e.NODE_ENV,
    isProduction,
    port: e.PORT,
    host: e.HOST ?? (isProduction ? '0.0.0.0' : '127.0.0.1'),
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    incomingDir: path.join(path.resolve(e.DATA_DIR), 'incoming'),
    contentDir: path.resolve(e.CONTENT_DIR),
    // Outside production a fixed secret keeps sessions valid across restarts; production must set its own.
    sessionSecret: e.SESSION_SECRET ?? 'kokoma-development-secret-not-for-production',
    baseUrl: (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionMaxHours: e.SESSION_MAX_HOURS,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    logLevel: e.LOG_LEVEL,
    scryptLogN: e.SCRYPT_LOG_N,
    seedDemo: !isProduction && e.SEED_DEMO === 'auto',
    jobTimeoutSeconds: e.JOB_TIMEOUT_SECONDS,
    s3: e.S3_BUCKET
      ? {
          bucket: e.S3_BUCKET,
          endpoint: e.S3_ENDPOINT,
          region: e.S3_REGION,
          accessKeyId: e.S3_ACCESS_KEY_ID,
          secretAccessKey: e.S3_SECRET_ACCESS_KEY,
          // self-hosted stores (MinIO, Garage, Ceph) want path-style URLs; AWS itself virtual-hosted ones
          forcePathStyle: e.S3_FORCE_PATH_STYLE ? e.S3_FORCE_PATH_STYLE === 'true' : !!e.S3_ENDPOINT,
        }
      : undefined,
    pool: {
      max: e.DB_POOL_MAX,
      connectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
    },
    mfa: {
      requiredRoles: parseRoles(e.MFA_REQUIRED_ROLES ?? (isProduction ? 'admin,trainer' : '')),
      encryptionKey: e.MFA_ENCRYPTION_KEY ?? e.SESSION_SECRET ?? 'kokoma-development-secret-not-for-production',
    },
    metrics:
      e.METRICS_TOKEN || e.METRICS_PORT
        ? { token: e.METRICS_TOKEN, port: e.METRICS_PORT, host: e.METRICS_HOST }
        : undefined,
    certificateSignatories: e.CERTIFICATE_SIGNATORIES.split(';')
      .map((x) => x.split('|'))
      .filter((p) => p[0]?.trim())
      .map(([name, role]) => ({ name: name!.trim(), role: (role ?? '').trim() })),
    certificatePlace: e.CERTIFICATE_PLACE,
    certificateFundingLine: e.CERTIFICATE_FUNDING_LINE,
    certificateLogos: logoFiles(e.CERTIFICATE_LOGOS),
    reports: { minCell: e.REPORT_MIN_CELL, fundingYearStart: e.REPORT_FUNDING_YEAR_START },
  };
}

function parseRoles(value: string): Role[] {
  const names = value
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const unknown = names.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length > 0)
    throw new ConfigError(`MFA_REQUIRED_ROLES: unbekannte Rolle ${unknown.join(', ')} (möglich: ${ROLES.join(', ')}).`);
  return names as Role[];
}

/** Logo files must exist and be PNG or JPEG (by their bytes): a typo is found at start, not when certificates are due. */
function logoFiles(value: string | undefined): string[] {
  const files = (value ?? '')
    .split(';')
    .map((f) => f.trim())
    .filter(Boolean)
    .map((f) => path.resolve(f));
  for (const f of files) {
    let head: Buffer;
    try {
      head = fs.readFileSync(f).subarray(0, 4);
    } catch {
      throw new ConfigError(`CERTIFICATE_LOGOS: Die Datei ${f} gibt es nicht.`);
    }
    const png = head[0] === 0x89 && head[1] === 0x50;
    const jpeg = head[0] === 0xff && head[1] === 0xd8;
    if (!png && !jpeg) throw new ConfigError(`CERTIFICATE_LOGOS: ${f} ist weder PNG noch JPEG.`);
  }
  return files;
}

function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value; // e.g. "loopback" or a list of addresses, as Express understands it
}

/** Whether an address is reachable only from this machine. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

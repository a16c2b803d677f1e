import pino, { type Logger } from 'pino';

/** Structured logs; cookies and credentials never reach them. */
export function createLogger(level: string): Logger {
  return pino({ level, redact: ['req.headers.cookie', 'res.headers["set-cookie"]', 'req.headers.authorization'] });
}

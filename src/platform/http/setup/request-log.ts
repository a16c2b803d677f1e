import crypto from 'node:crypto';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

/** One JSON log line per request with its X-Request-Id (taken from a proxy when it looks sane); no tokens in URLs. */
export function requestLog(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: (req, res) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming) ? incoming : crypto.randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    // Single-use links carry their token in the path; it never goes into the logs.
    serializers: {
      req: (req: { url?: string }) => ({ ...req, url: req.url?.replace(/(\/password\/set\/)[^/?#]+/, '$1[token]') }),
    },
    autoLogging: { ignore: (req) => req.url?.startsWith('/assets/') || req.url?.startsWith('/kern/') || false },
  });
}

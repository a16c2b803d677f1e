import type { Request, RequestHandler, Response } from 'express';
import client from 'prom-client';

/** Where the gauges read their values at scrape time: nothing is counted twice or kept in step by hand. */
export type MetricSources = {
  /** PostgreSQL only: the pool's connections (PGlite has one connection and no pool). */
  pool?: () => { total: number; idle: number; waiting: number; max: number };
  jobs: () => Promise<Array<{ name: string; queued: number; active: number; failed: number }>>;
  outbox: () => Promise<Array<{ state: string; count: number }>>;
};

export type Metrics = {
  /** Times every request, labelled with its route pattern (never the URL: ids and tokens stay out of the labels). */
  middleware: RequestHandler;
  contentType: string;
  render(): Promise<string>;
};

/** Express's matched route, e.g. "/cohorts/:id"; static files by their mount; anything else one label. */
function routeOf(req: Request, res: Response): string {
  if (req.route?.path) return `${req.baseUrl}${String(req.route.path)}`;
  return typeof res.locals.metricsRoute === 'string' ? res.locals.metricsRoute : 'unmatched';
}

/** A Prometheus registry of its own per app (tests build many apps in one process). */
export function createMetrics(sources: MetricSources): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'kokoma_' });

  const duration = new client.Histogram({
    name: 'kokoma_http_request_duration_seconds',
    help: 'Dauer der Anfragen nach Methode, Route und Status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  new client.Gauge({
    name: 'kokoma_db_pool_connections',
    help: 'Verbindungen zu PostgreSQL: total, idle, waiting (Anfragen, die auf eine Verbindung warten), max',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const stats = sources.pool?.();
      if (!stats) return;
      for (const [state, value] of Object.entries(stats)) this.set({ state }, value);
    },
  });

  new client.Gauge({
    name: 'kokoma_jobs',
    help: 'Hintergrundaufträge je Warteschlange: queued (wartend), active (laufend), failed (endgültig fehlgeschlagen)',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      for (const q of await sources.jobs())
        for (const state of ['queued', 'active', 'failed'] as const) this.set({ queue: q.name, state }, q[state]);
    },
  });

  new client.Gauge({
    name: 'kokoma_mail_outbox',
    help: 'E-Mails im Ausgang nach Zustand (wartend, wird_gesendet, fehlgeschlagen, ...)',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await sources.outbox()) this.set({ state: row.state }, row.count);
    },
  });

  return {
    middleware(req, res, next) {
      const end = duration.startTimer();
      res.on('finish', () => end({ method: req.method, route: routeOf(req, res), status: String(res.statusCode) }));
      next();
    },
    contentType: registry.contentType,
    render: () => registry.metrics(),
  };
}

/** Marks requests under a static mount so their timings share one label. */
export function metricsRoute(label: string): RequestHandler {
  return (_req, res, next) => {
    res.locals.metricsRoute = label;
    next();
  };
}

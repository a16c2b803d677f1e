import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import { and, desc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Clock } from '../clock';
import { MAIL_STATES, mailOutbox, type MailState, type OutboxMail } from './table';

export type Mail = {
  to: string;
  subject: string;
  text: string;
  attachments?: Array<{ filename: string; content: Buffer; contentType: string }>;
};

export type Mailer = {
  kind: 'smtp' | 'dev-outbox';
  /**
   * Queues a mail in the outbox: in `tx` when given (the mail exists exactly if the change commits), else on its own.
   * Never throws for a mail server problem: delivery happens afterwards, with retries.
   */
  send(mail: Mail, tx?: Db): Promise<void>;
  /** Delivers what is due now; returns how many were sent. The worker calls it, tests may too. */
  deliverDue(): Promise<number>;
  /** Whether the SMTP server answers (cached for a minute): for start-up and the health check. */
  reachable(): Promise<'ok' | 'unreachable' | 'dev'>;
  /**
   * Delivers right after each queued mail from now on; retries and what other processes queued are delivered by the
   * `mail-delivery` job every minute.
   */
  start(): void;
  /** What waits or failed, newest first, without bodies: for the SPI-Team's "E-Mail-Ausgang". */
  undelivered(
    limit?: number,
  ): Promise<
    Array<
      Pick<
        OutboxMail,
        'id' | 'recipient' | 'subject' | 'state' | 'attempts' | 'lastError' | 'createdAt' | 'nextAttemptAt'
      >
    >
  >;
  /** A mail that failed for good goes out again; the recipient, or undefined when there is no such failed mail. */
  retry(id: number): Promise<string | undefined>;
  /** The newest mails with their bodies, and one of them: the development outbox. */
  recent(limit?: number): Promise<OutboxMail[]>;
  get(id: number): Promise<OutboxMail | undefined>;
  /** Stops it and waits for a delivery under way. */
  stop(): Promise<void>;
};

/** After 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h: then the mail is "fehlgeschlagen" and the SPI-Team sees it. */
const BACKOFF_MIN = [1, 5, 30, 120, 360, 720, 1440];
const CLAIM_TIMEOUT_MS = 5 * 60_000;
const BATCH = 20;
/** Sent mails are kept (without body) for a month: enough to answer "did the invitation go out?". */
const KEEP_SENT_MS = 30 * 24 * 3_600_000;

export function createMailer(opts: { smtpUrl?: string; from: string; db: Db; clock: Clock; logger: Logger }): Mailer {
  const { db, clock, logger } = opts;
  const transport = opts.smtpUrl ? nodemailer.createTransport(opts.smtpUrl) : undefined;
  /** Whether this process delivers right after a mail is queued (the server and tests; not the command-line steps). */
  let active = false;
  let running: Promise<number> | undefined;
  let again = false;
  let lastCheck: { at: number; result: 'ok' | 'unreachable' } | undefined;

  /** Takes due mails for this worker in one statement: another worker (or instance) skips what this one holds. */
  async function claim(): Promise<OutboxMail[]> {
    const now = clock.now();
    const due = db
      .select({ id: mailOutbox.id })
      .from(mailOutbox)
      .where(
        or(
          and(eq(mailOutbox.state, 'wartend'), lte(mailOutbox.nextAttemptAt, now)),
          and(
            eq(mailOutbox.state, 'wird_gesendet'),
            lt(mailOutbox.claimedAt, new Date(now.getTime() - CLAIM_TIMEOUT_MS)),
          ),
        ),
      )
      .orderBy(mailOutbox.id)
      .limit(BATCH)
      .for('update', { skipLocked: true });
    return db
      .update(mailOutbox)
      .set({ state: 'wird_gesendet', claimedAt: now })
      .where(inArray(mailOutbox.id, due))
      .returning();
  }

  async function deliver(m: OutboxMail): Promise<boolean> {
    try {
      await transport!.sendMail({
        from: opts.from,
        to: m.recipient,
        subject: m.subject,
        text: m.body,
        attachments: m.attachments.map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          content: Buffer.from(a.base64, 'base64'),
        })),
      });
      await db
        .update(mailOutbox)
        .set({ state: 'gesendet', sentAt: clock.now(), body: '', attachments: [], claimedAt: null, lastError: null })
        .where(eq(mailOutbox.id, m.id));
      return true;
    } catch (err) {
      const attempts = m.attempts + 1;
      const failed = attempts > BACKOFF_MIN.length;
      const next = new Date(clock.now().getTime() + (BACKOFF_MIN[attempts - 1] ?? 0) * 60_000);
      logger.warn({ err, mailId: m.id, attempts }, failed ? 'mail failed for good' : 'mail not delivered, will retry');
      await db
        .update(mailOutbox)
        .set({
          state: failed ? 'fehlgeschlagen' : 'wartend',
          attempts,
          nextAttemptAt: next,
          claimedAt: null,
          lastError: String((err as Error)?.message ?? err).slice(0, 500),
        })
        .where(eq(mailOutbox.id, m.id));
      return false;
    }
  }

  async function runOnce(): Promise<number> {
    if (!transport) return 0;
    let sent = 0;
    for (let batch = await claim(); batch.length > 0; batch = await claim()) {
      for (const m of batch) if (await deliver(m)) sent++;
      if (batch.length < BATCH) break;
    }
    await db
      .delete(mailOutbox)
      .where(
        and(eq(mailOutbox.state, 'gesendet'), lt(mailOutbox.sentAt, new Date(clock.now().getTime() - KEEP_SENT_MS))),
      );
    return sent;
  }

  /** One delivery at a time per process; a nudge during a run makes it run once more. */
  function deliverDue(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      do {
        again = false;
        total += await runOnce();
      } while (again);
      return total;
    })().finally(() => (running = undefined));
    return running;
  }

  const nudge = () => {
    if (active) deliverDue().catch((err: unknown) => logger.error({ err }, 'mail delivery failed'));
  };

  return {
    kind: transport ? 'smtp' : 'dev-outbox',
    async send(mail, tx) {
      await (tx ?? db).insert(mailOutbox).values({
        recipient: mail.to,
        subject: mail.subject,
        body: mail.text,
        attachments: (mail.attachments ?? []).map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          base64: a.content.toString('base64'),
        })),
        state: transport ? 'wartend' : 'entwicklung',
        nextAttemptAt: clock.now(),
      });
      // inside a transaction the row is visible only after the commit; the next tick of the worker picks it up then
      if (tx) setTimeout(nudge, 50).unref();
      else nudge();
    },
    deliverDue,
    async reachable() {
      if (!transport) return 'dev';
      if (lastCheck && Date.now() - lastCheck.at < 60_000) return lastCheck.result;
      const result = await transport.verify().then(
        () => 'ok' as const,
        () => 'unreachable' as const,
      );
      lastCheck = { at: Date.now(), result };
      return result;
    },
    start() {
      if (active || !transport) return;
      active = true;
      nudge();
    },
    undelivered: (limit = 200) =>
      db
        .select({
          id: mailOutbox.id,
          recipient: mailOutbox.recipient,
          subject: mailOutbox.subject,
          state: mailOutbox.state,
          attempts: mailOutbox.attempts,
          lastError: mailOutbox.lastError,
          createdAt: mailOutbox.createdAt,
          nextAttemptAt: mailOutbox.nextAttemptAt,
        })
        .from(mailOutbox)
        .where(inArray(mailOutbox.state, ['wartend', 'wird_gesendet', 'fehlgeschlagen']))
        .orderBy(desc(mailOutbox.id))
        .limit(limit),
    async retry(id) {
      const [row] = await db
        .update(mailOutbox)
        .set({ state: 'wartend', attempts: 0, nextAttemptAt: clock.now(), lastError: null })
        .where(and(eq(mailOutbox.id, id), eq(mailOutbox.state, 'fehlgeschlagen')))
        .returning({ recipient: mailOutbox.recipient });
      if (row) nudge();
      return row?.recipient;
    },
    recent: (limit = 100) => db.select().from(mailOutbox).orderBy(desc(mailOutbox.id)).limit(limit),
    get: async (id) => (await db.select().from(mailOutbox).where(eq(mailOutbox.id, id)))[0],
    async stop() {
      active = false;
      await running?.catch(() => undefined);
    },
  };
}

/** Mails that keep failing, for the SPI-Team's start page. */
export async function failedMailCount(db: Db): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(mailOutbox)
    .where(eq(mailOutbox.state, 'fehlgeschlagen'));
  return row?.n ?? 0;
}

/** How many mails are in the outbox in each state (0 included, so a dashboard has every series), for /metrics. */
export async function outboxCounts(db: Db): Promise<Array<{ state: MailState; count: number }>> {
  const rows = await db
    .select({ state: mailOutbox.state, count: sql<number>`count(*)::int` })
    .from(mailOutbox)
    .groupBy(mailOutbox.state);
  const counts = new Map(rows.map((r) => [r.state, r.count]));
  return MAIL_STATES.map((state) => ({ state, count: counts.get(state) ?? 0 }));
}

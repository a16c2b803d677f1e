import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';

export type ReceivedMail = { to: string; from: string; subject: string; text: string };

/** A real SMTP server on loopback; the app sends to it through nodemailer, tests read what arrived. */
export class TestSmtp {
  readonly received: ReceivedMail[] = [];
  private server?: SMTPServer;
  private waiters: Array<() => void> = [];

  /** Listens on loopback (on `port` when given, e.g. to come back after an outage) and returns the SMTP URL. */
  async start(port = 0): Promise<string> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            const to = Array.isArray(mail.to) ? mail.to.map((a) => a.text).join(', ') : (mail.to?.text ?? '');
            this.received.push({ to, from: mail.from?.text ?? '', subject: mail.subject ?? '', text: mail.text ?? '' });
            this.waiters.splice(0).forEach((w) => w());
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    const bound = (this.server.server.address() as AddressInfo).port;
    return `smtp://127.0.0.1:${bound}`;
  }

  /**
   * The newest mail to this address (with a subject matching `subject`, when given), waiting for it to arrive: mail
   * leaves through the outbox worker, a moment after the request that caused it.
   */
  async mailTo(address: string, subject?: string | RegExp, timeoutMs = 10_000): Promise<ReceivedMail> {
    const deadline = Date.now() + timeoutMs;
    const fits = (m: ReceivedMail) =>
      m.to.includes(address) &&
      (subject === undefined || (typeof subject === 'string' ? m.subject === subject : subject.test(m.subject)));
    for (;;) {
      const found = [...this.received].reverse().find(fits);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no mail to ${address} arrived`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** The set-password link in a mail, as a path. */
export function linkIn(text: string): string {
  const match = /https?:\/\/[^\s/]+(\/password\/set\/[\w-]+)/.exec(text);
  if (!match?.[1]) throw new Error(`no link in mail:\n${text}`);
  return match[1];
}

import nodemailer from 'nodemailer';
import type { Db } from '../db/client';
import { devOutbox } from './table';

export type Mail = { to: string; subject: string; text: string; attachments?: Array<{ filename: string; content: Buffer; contentType: string }> };
export type Mailer = { send(mail: Mail): Promise<void>; kind: 'smtp' | 'dev-outbox' };

/**
 * SMTP_URL set -> real SMTP. Otherwise (development and tests without a server) the message is kept in the
 * dev outbox table and shown to the SPI-Team at /dev/mail. Production always has SMTP_URL (config refuses otherwise).
 */
export function createMailer(opts: { smtpUrl?: string; from: string; db: Db }): Mailer {
  if (opts.smtpUrl) {
    const transport = nodemailer.createTransport(opts.smtpUrl);
    return {
      kind: 'smtp',
      async send(mail) {
        await transport.sendMail({ from: opts.from, to: mail.to, subject: mail.subject, text: mail.text, attachments: mail.attachments });
      },
    };
  }
  return {
    kind: 'dev-outbox',
    async send(mail) {
      // the outbox keeps text only; attachments are named so the SPI-Team sees what would have been sent
      const names = (mail.attachments ?? []).map((a) => `[Anhang: ${a.filename}]`).join('\n');
      await opts.db.insert(devOutbox).values({ recipient: mail.to, subject: mail.subject, body: names ? `${mail.text}\n\n${names}` : mail.text });
    },
  };
}

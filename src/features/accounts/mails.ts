import { t } from './texts';
import { fullName } from '../../platform/names';

/** German e-mails, texts from the catalogue. Plain text: readable in every client, by screen readers, without remote content. */
export function inviteMail(p: {
  firstName: string;
  lastName: string;
  link: string;
  validDays: number;
  invitedBy: string;
}) {
  return {
    subject: t('mail.inviteSubject'),
    text:
      t('mail.inviteBody', { name: fullName(p), invitedBy: p.invitedBy, link: p.link, days: p.validDays }) +
      t('common.mailSignature'),
  };
}

export function resetMail(p: { firstName: string; lastName: string; link: string }) {
  return {
    subject: t('mail.resetSubject'),
    text: t('mail.resetBody', { name: fullName(p), link: p.link }) + t('common.mailSignature'),
  };
}

/** To the old address after an e-mail change: whoever lost control of it hears of it, and from whom. */
export function emailChangedMail(p: { firstName: string; lastName: string; newEmail: string; by: 'self' | 'spi' }) {
  return {
    subject: t('mail.emailChangedSubject'),
    text:
      t(p.by === 'self' ? 'mail.emailChangedBodySelf' : 'mail.emailChangedBodySpi', {
        name: fullName(p),
        email: p.newEmail,
      }) + t('common.mailSignature'),
  };
}

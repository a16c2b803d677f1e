import { registerTexts } from '../../platform/i18n';

/** The German texts of this feature, added to the catalogue when the feature is loaded (see platform/i18n). */
export const textsDevMail = {
  devMail: {
    title: 'E-Mail-Ausgang (Entwicklung)',
    intro: 'Ohne SMTP-Server werden E-Mails hier gesammelt statt versendet. In Produktion gibt es diese Seite nicht.',
    none: 'Noch keine E-Mails.',
    to: 'An',
    subject: 'Betreff',
    sentAt: 'Gesendet',
    tableCaption: 'Gesendete E-Mails, neueste zuerst',
  },
} as const;
registerTexts(textsDevMail);

export { t, tRaw, cohortPhrase, formatDate, formatDateTime, formatDuration } from '../../platform/i18n';

import { registerTexts } from '../../platform/i18n';

/** The German texts of this feature, added to the catalogue when the feature is loaded (see platform/i18n). */
export const textsMailOutbox = {
  mailOutbox: {
    title: 'E-Mail-Ausgang',
    intro:
      'Jede E-Mail wird zuerst hier eingereiht und dann zugestellt; antwortet der Mailserver nicht, wird es später erneut versucht. Hier stehen E-Mails, die noch warten oder nicht zugestellt werden konnten. Inhalte werden nicht angezeigt: sie können persönliche Links enthalten.',
    devLink: 'Inhalte im Entwicklungs-Postausgang ansehen',
    none: 'Alle E-Mails sind zugestellt.',
    caption: 'Wartende und fehlgeschlagene E-Mails',
    createdAt: 'Eingereiht',
    to: 'An',
    subject: 'Betreff',
    state: 'Stand',
    action: 'Aktion',
    retry: 'Erneut versuchen',
    retried: 'Die E-Mail an {to} wird erneut zugestellt.',
    attempts: '{count} Zustellversuche',
    attempts_one: '1 Zustellversuch',
    next: 'nächster Versuch {when}',
    states: {
      wartend: 'wartet',
      wird_gesendet: 'wird gesendet',
      gesendet: 'gesendet',
      fehlgeschlagen: 'nicht zustellbar',
      entwicklung: 'Entwicklung (nicht versandt)',
    },
  },
} as const;
registerTexts(textsMailOutbox);

export { t, tRaw, cohortPhrase, formatDate, formatDateTime, formatDuration } from '../../platform/i18n';

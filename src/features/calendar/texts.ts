import { registerTexts } from '../../platform/i18n';

/** The German texts of this feature, added to the catalogue when the feature is loaded (see platform/i18n). */
export const textsCalendar = {
  schedule: {
    title: 'Meine Termine',
    upcoming: 'Kommende Termine',
    past: 'Vergangene Termine',
    noUpcoming: 'Keine kommenden Termine.',
    noPast: 'Keine vergangenen Termine.',
    noneAtAll:
      'Sie haben noch keine Termine. Sobald Sie für einen Durchgang angemeldet sind oder ein Modul leiten, stehen sie hier.',
    caption: '{what}: Datum, Uhrzeit, Modul, Art, Ort',
    calendarHeading: 'Termine im eigenen Kalender',
    calendarIntro:
      'Mit einer privaten Kalender-Adresse erscheinen Ihre Termine in Outlook, Thunderbird oder auf dem Smartphone und bleiben dort aktuell. Wer die Adresse kennt, sieht Ihre Termine: Geben Sie sie nicht weiter.',
    calendarActive: 'Ihre Kalender-Adresse besteht seit {date}.',
    calendarLastUsed: 'Zuletzt abgerufen: {date}.',
    calendarNone: 'Sie haben noch keine Kalender-Adresse.',
    createFeed: 'Kalender-Adresse erstellen',
    resetFeed: 'Neue Kalender-Adresse erstellen (die bisherige wird ungültig)',
    revokeFeed: 'Kalender-Adresse löschen',
    newFeedHeading: 'Ihre neue Kalender-Adresse',
    newFeedText:
      'Kopieren Sie diese Adresse jetzt in Ihr Kalenderprogramm („Kalender abonnieren“ bzw. „Kalender aus dem Internet hinzufügen“). Sie wird aus Sicherheitsgründen nur dieses eine Mal angezeigt.',
    feedUrl: 'Kalender-Adresse',
    subscribe: 'Direkt im Kalenderprogramm abonnieren',
    feedRevoked: 'Die Kalender-Adresse ist gelöscht; Abonnements erhalten keine Termine mehr.',
    calendarName: 'KoKoMa Campus – Termine von {name}',
  },
} as const;
registerTexts(textsCalendar);

export { t, tRaw, cohortPhrase, formatDate, formatDateTime, formatDuration } from '../../platform/i18n';

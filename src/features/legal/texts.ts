import { registerTexts } from '../../platform/i18n';

/** The German texts around the legal pages (the pages themselves are content/recht/*.md). */
export const textsLegal = {
  legal: {
    footer: 'Rechtliches',
    impressum: 'Impressum',
    datenschutz: 'Datenschutz',
    barrierefreiheit: 'Barrierefreiheit',
    updated: 'Stand: {date}',
    sample:
      'Mustertext: Diese Seite enthält einen Entwurf, den die Stiftung SPI vor dem Betrieb prüfen und ergänzen muss. Er ist keine Rechtsberatung.',
    feedbackTitle: 'Barriere melden',
    feedbackIntro:
      'Sind Sie auf eine Barriere gestoßen? Schreiben Sie uns. Das SPI-Team antwortet innerhalb eines Monats, wenn Sie eine E-Mail-Adresse angeben.',
    name: 'Ihr Name',
    email: 'Ihre E-Mail-Adresse',
    emailHint: 'Nur für die Antwort. Ohne Adresse können wir nicht antworten.',
    location: 'Wo ist die Barriere?',
    locationHint: 'Zum Beispiel die Adresse der Seite oder was Sie tun wollten.',
    message: 'Beschreibung',
    messageRequired: 'Bitte beschreiben Sie die Barriere.',
    send: 'Rückmeldung senden',
    sent: 'Vielen Dank. Ihre Rückmeldung ist beim SPI-Team eingegangen.',
    sentAnswer: 'Sie erhalten innerhalb eines Monats eine Antwort an {email}.',
    throttled:
      'Sie haben in der letzten Stunde schon mehrere Rückmeldungen gesendet. Bitte versuchen Sie es später erneut.',
    listTitle: 'Rückmeldungen zur Barrierefreiheit',
    listIntro:
      'Rückmeldungen über die Erklärung zur Barrierefreiheit. Sie sind innerhalb eines Monats zu beantworten (§ 12b BGG); beantworten Sie per E-Mail und vermerken Sie es hier.',
    open: 'Offen',
    answered: 'Beantwortet',
    none: 'Keine Rückmeldungen.',
    received: 'Eingegangen',
    deadline: 'Antwort bis',
    overdue: 'Frist überschritten',
    from: 'Von',
    anonymous: 'ohne Namen',
    noEmail: 'ohne E-Mail-Adresse',
    markAnswered: 'Als beantwortet vermerken',
    markedAnswered: 'Als beantwortet vermerkt.',
    answeredOn: 'Beantwortet am {date} von {name}',
  },
  legalMail: {
    teamSubject: 'Neue Rückmeldung zur Barrierefreiheit',
    teamBody:
      'Guten Tag,\n\nüber die Erklärung zur Barrierefreiheit ist eine Rückmeldung eingegangen.\n\nVon: {from}\nWo: {location}\n\n{message}\n\n' +
      'Bitte antworten Sie bis {deadline} und vermerken Sie die Antwort unter {link}',
    confirmSubject: 'Ihre Rückmeldung zur Barrierefreiheit',
    confirmBody:
      'Guten Tag,\n\nvielen Dank für Ihre Rückmeldung zur Barrierefreiheit von KoKoMa Campus. Sie ist beim SPI-Team eingegangen; Sie erhalten bis {deadline} eine Antwort.\n\nIhre Nachricht:\n{message}',
  },
} as const;
registerTexts(textsLegal);

export { t, formatDate } from '../../platform/i18n';

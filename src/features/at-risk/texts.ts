import { registerTexts } from '../../platform/i18n';

/** The German texts of this feature, added to the catalogue when the feature is loaded (see platform/i18n). */
export const textsAtRisk = {
  atRisk: {
    title: 'Abschluss gefährdet',
    introAdmin:
      'Diese Personen können nach der bisher erfassten Anwesenheit die Bedingungen für das Zertifikat nicht mehr erfüllen. Niemand wird automatisch benachrichtigt: Entscheiden Sie, ob und wie Sie schreiben. Teilnahmebescheinigungen für abgeschlossene Module bleiben möglich.',
    introCoordinator:
      'Diese Personen aus Ihrer Kommune können nach der bisher erfassten Anwesenheit die Bedingungen für das Zertifikat nicht mehr erfüllen. Das SPI-Team entscheidet, ob es ihnen schreibt; sprechen Sie es gern an.',
    none: 'Zurzeit ist bei niemandem der Abschluss gefährdet.',
    caption: 'Personen, deren Abschluss gefährdet ist',
    person: 'Person',
    cohort: 'Durchgang',
    missing: 'Noch offen',
    message: 'Nachricht',
    notMessaged: 'noch nicht angeschrieben',
    messagedAt: 'angeschrieben am {when}',
    write: 'Nachricht schreiben',
    messageTitle: 'Nachricht an {name}',
    messageIntro: 'Im Durchgang „{cohort}“ ist noch offen: {missing}. Passen Sie den Text an, bevor Sie ihn senden.',
    to: 'An: {email}',
    subject: 'Betreff',
    text: 'Nachricht',
    copyCoordinators: 'Eine Kopie an die kommunale Koordination senden',
    send: 'Nachricht senden',
    sent: 'Die Nachricht an {name} ist unterwegs.',
    msg: { subjectRequired: 'Bitte geben Sie einen Betreff ein.', textRequired: 'Bitte schreiben Sie eine Nachricht.' },
    mail: {
      subject: 'Ihre Weiterbildung „{cohort}“: Wie geht es für Sie weiter?',
      copySubject: 'Kopie: {subject}',
      body:
        'Guten Tag {name},\n\nwir haben uns Ihre bisherige Teilnahme am {durchgang} angesehen. Nach der erfassten Anwesenheit reicht es in diesem Durchgang rechnerisch nicht mehr für das Zertifikat (noch offen: {missing}).\n\n' +
        'Das muss nicht das Ende sein: Für jedes Modul, das Sie abschließen, erhalten Sie weiterhin eine Teilnahmebescheinigung, und oft lässt sich ein fehlendes Modul in einem späteren Durchgang nachholen. Lassen Sie uns gemeinsam schauen, was für Sie passt; antworten Sie einfach auf diese Nachricht oder sprechen Sie uns beim nächsten Termin an.\n\n' +
        'Ihren Stand sehen Sie jederzeit hier: {link}\n\nViele Grüße\n{sender}',
    },
  },
} as const;
registerTexts(textsAtRisk);

export { t, tRaw, cohortPhrase, formatDate, formatDateTime, formatDuration } from '../../platform/i18n';

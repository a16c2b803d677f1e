import { registerTexts } from '../../platform/i18n';

/** The German texts of self check-in. */
export const textsCheckin = {
  checkin: {
    linkIntro: 'Sie haben den QR-Code des Termins gescannt. Bestätigen Sie, dass Sie da sind:',
    submitLink: 'Ich bin da: einchecken',
    over: 'Dieser Termin ist vorbei; ein Selbst-Check-in ist nicht mehr möglich. Tragen Sie die Anwesenheit in der Liste ein.',
    toSheet: 'Zur Anwesenheitsliste',
    title: 'Einchecken',
    displayTitle: 'Selbst-Check-in: {module}',
    intro:
      'Öffnen Sie den Check-in für einige Minuten und zeigen Sie diese Seite am Beamer. Teilnehmende geben den Code ein oder scannen den QR-Code. Der Code wechselt alle 30 Sekunden; ein Foto nützt nach einer Minute nichts mehr. Sie können die Anwesenheit jederzeit in der Liste ändern.',
    minutes: 'Dauer des Check-ins in Minuten',
    minutesHint: '5 bis 30 Minuten',
    open: 'Check-in öffnen',
    instructions:
      'Melden Sie sich bei KoKoMa Campus an, wählen Sie „Einchecken“ ({url}) und geben Sie diesen Code ein, oder scannen Sie den QR-Code:',
    codeLabel: 'Aktueller Code: {code}',
    qrLabel: 'QR-Code mit dem Link zum Einchecken, der Code ist schon eingetragen',
    validity: 'Der Code wechselt um {changes} Uhr. Der Check-in schließt um {closes} Uhr.',
    refresh: 'Code aktualisieren',
    close: 'Check-in schließen',
    closed: 'Der Check-in ist geschlossen.',
    codeIntro:
      'Geben Sie den sechsstelligen Code ein, den Ihre Trainerin oder Ihr Trainer gerade zeigt. Sie checken damit nur sich selbst ein.',
    code: 'Code',
    codeHint: 'Sechs Ziffern, z. B. 482 913',
    submit: 'Einchecken',
    done: 'Sie sind für „{module}“ am {date} als anwesend eingetragen.',
    already: 'Ihre Anwesenheit für „{module}“ am {date} ist bereits erfasst.',
    openNow: 'Gerade läuft ein Check-in für einen Ihrer Termine.',
    msg: {
      minutesInvalid: 'Bitte geben Sie eine Dauer von 5 bis 30 Minuten ein.',
      notNow: 'Einen Check-in können Sie nur während des Termins öffnen (frühestens 15 Minuten vor Beginn).',
      noWindow:
        'Für Sie ist gerade kein Check-in geöffnet. Er gilt nur während des Termins und nur für angemeldete Teilnehmende.',
      linkExpired:
        'Der gescannte Link gilt nicht mehr (er ist abgelaufen oder das Check-in wurde geschlossen). Geben Sie den Code vom Bildschirm ein.',
      wrongCode: 'Der Code stimmt nicht oder ist abgelaufen. Bitte geben Sie den Code ein, der gerade angezeigt wird.',
      tooMany:
        'Zu viele falsche Codes. Bitte warten Sie zehn Minuten oder wenden Sie sich an Ihre Trainerin oder Ihren Trainer.',
    },
  },
} as const;
registerTexts(textsCheckin);

export { t } from '../../platform/i18n';

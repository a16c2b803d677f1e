import { registerTexts } from '../../platform/i18n';

/** The German texts of two-factor sign-in. */
export const textsMfa = {
  mfa: {
    title: 'Zwei-Faktor-Anmeldung',
    intro:
      'Mit der Zwei-Faktor-Anmeldung brauchen Sie beim Anmelden außer Ihrem Passwort einen sechsstelligen Code aus einer Authenticator-App auf Ihrem Smartphone (zum Beispiel FreeOTP, Aegis, Google oder Microsoft Authenticator). Wer nur Ihr Passwort kennt, kommt dann nicht in Ihr Konto.',
    statusOn: 'Eingeschaltet seit {date}.',
    statusOff: 'Nicht eingeschaltet.',
    requiredForRole: 'Für Ihre Rolle ist die Zwei-Faktor-Anmeldung vorgeschrieben.',
    recoveryLeft: 'Sie haben noch {count} unbenutzte Wiederherstellungscodes.',
    recoveryLeft_one: 'Sie haben noch einen unbenutzten Wiederherstellungscode.',
    recoveryNone: 'Sie haben keine unbenutzten Wiederherstellungscodes mehr. Bitte erzeugen Sie neue.',
    setUp: 'Zwei-Faktor-Anmeldung einrichten',
    manage: 'Zwei-Faktor-Anmeldung verwalten',
    setupTitle: 'Zwei-Faktor-Anmeldung einrichten',
    setupRequiredIntro:
      'Für Ihre Rolle ist die Zwei-Faktor-Anmeldung vorgeschrieben. Bitte richten Sie sie jetzt ein; danach geht es weiter.',
    step1: '1. Authenticator-App öffnen und ein neues Konto hinzufügen',
    step1Text: 'Scannen Sie diesen QR-Code mit der App:',
    qrAlt: 'QR-Code für die Authenticator-App',
    step1Manual: 'Falls Sie nicht scannen können, geben Sie in der App diesen Schlüssel ein (zeitbasiert, 6 Ziffern):',
    step2: '2. Code bestätigen',
    code: 'Sechsstelliger Code aus der App',
    codeHint: 'Der Code wechselt alle 30 Sekunden.',
    confirm: 'Einrichten',
    codeWrong:
      'Dieser Code ist nicht richtig oder schon verwendet. Bitte geben Sie den aktuellen Code aus der App ein.',
    codeMissing: 'Bitte geben Sie den sechsstelligen Code aus Ihrer Authenticator-App ein.',
    throttled: 'Zu viele falsche Codes. Bitte warten Sie {duration} und versuchen Sie es dann erneut.',
    codesTitle: 'Ihre Wiederherstellungscodes',
    codesIntro:
      'Mit diesen zehn Codes melden Sie sich an, wenn Sie Ihr Smartphone nicht zur Hand haben oder es verloren ist. Jeder Code gilt genau einmal. Bewahren Sie sie ausgedruckt oder in einem Passwort-Manager auf, getrennt vom Smartphone.',
    codesOnce:
      'Die Codes werden nur jetzt angezeigt. Später können Sie neue erzeugen; diese hier gelten dann nicht mehr.',
    codesDone: 'Ich habe die Codes aufbewahrt – weiter',
    enabled: 'Die Zwei-Faktor-Anmeldung ist eingeschaltet.',
    newCodes: 'Neue Wiederherstellungscodes erzeugen',
    newCodesHint: 'Die bisherigen Codes gelten danach nicht mehr.',
    disable: 'Zwei-Faktor-Anmeldung ausschalten',
    disabled: 'Die Zwei-Faktor-Anmeldung ist ausgeschaltet.',
    cannotDisable:
      'Für Ihre Rolle ist die Zwei-Faktor-Anmeldung vorgeschrieben; sie lässt sich nicht ausschalten. Bei einem neuen Smartphone: ausschalten lassen durch das SPI-Team oder hier neu einrichten, nachdem Sie sich mit einem Wiederherstellungscode angemeldet haben.',
    confirmCode: 'Aktueller Code aus der App oder ein Wiederherstellungscode',
    stepUpHint: 'Zur Sicherheit bestätigen Sie diese Änderung mit einem Code.',
    loginTitle: 'Anmelden: zweiter Faktor',
    loginIntro: 'Geben Sie den sechsstelligen Code aus Ihrer Authenticator-App ein.',
    loginCode: 'Code',
    loginCodeHint: 'Sechs Ziffern aus der App, oder einer Ihrer Wiederherstellungscodes (zehn Zeichen).',
    loginSubmit: 'Bestätigen',
    loginExpired: 'Die Anmeldung hat zu lange gedauert. Bitte melden Sie sich erneut an.',
    loginLost:
      'Smartphone verloren und keine Wiederherstellungscodes? Das SPI-Team kann die Zwei-Faktor-Anmeldung zurücksetzen, nachdem es Ihre Identität geprüft hat.',
    cancel: 'Abbrechen',
    passkeysTitle: 'Passkeys',
    passkeysIntro:
      'Mit einem Passkey bestätigen Sie die Anmeldung mit dem Fingerabdruck, der Gesichtserkennung oder der PIN Ihres Geräts oder mit einem Sicherheitsschlüssel, statt einen Code abzutippen. Ein Passkey funktioniert nur auf dieser Website und schützt so auch vor gefälschten Anmeldeseiten. Die Authenticator-App bleibt eingerichtet: für Geräte ohne Passkey und für Bestätigungen.',
    passkeysNone: 'Sie haben noch keinen Passkey.',
    passkeysCaption: 'Ihre Passkeys',
    passkeyName: 'Name des Passkeys',
    passkeyNameHint: 'Damit Sie ihn wiedererkennen, z. B. „Laptop im Büro“ oder „Sicherheitsschlüssel“.',
    passkeyAdd: 'Passkey hinzufügen',
    passkeyUnsupported:
      'Einen Passkey können Sie in einem Browser hinzufügen, der Passkeys unterstützt, mit eingeschaltetem JavaScript.',
    passkeyAddedOn: 'Hinzugefügt',
    passkeyLastUsed: 'Zuletzt verwendet',
    passkeyNeverUsed: 'noch nie',
    passkeyRemove: 'Entfernen',
    passkeyRemoveLabel: 'Passkey „{name}“ entfernen',
    passkeyAdded:
      'Der Passkey „{name}“ ist hinzugefügt. Bei der nächsten Anmeldung können Sie ihn statt eines Codes verwenden.',
    passkeyRemoved: 'Der Passkey „{name}“ ist entfernt.',
    passkeyNeedsApp: 'Richten Sie zuerst die Authenticator-App ein; ein Passkey kommt zu ihr hinzu.',
    passkeyExpired: 'Die Anfrage ist abgelaufen. Bitte versuchen Sie es noch einmal.',
    passkeyNone: 'Für Ihr Konto ist kein Passkey eingerichtet.',
    passkeyNotVerified:
      'Der Passkey konnte nicht bestätigt werden. Bitte versuchen Sie es noch einmal oder geben Sie einen Code ein.',
    passkeyCancelled: 'Abgebrochen – es wurde nichts geändert.',
    passkeyWorking: 'Bitte folgen Sie den Hinweisen Ihres Browsers …',
    passkeyNameMissing: 'Bitte geben Sie dem Passkey einen Namen.',
    passkeyNameTooLong: 'Bitte geben Sie höchstens 60 Zeichen ein.',
    loginPasskeyIntro: 'Oder bestätigen Sie mit Ihrem Passkey:',
    loginPasskey: 'Mit Passkey bestätigen',
    recoveryUsed:
      'Sie haben sich mit einem Wiederherstellungscode angemeldet; {count} Codes sind noch unbenutzt. Haben Sie ein neues Smartphone, richten Sie die Zwei-Faktor-Anmeldung darauf neu ein.',
    recoveryUsedLast:
      'Sie haben sich mit Ihrem letzten Wiederherstellungscode angemeldet. Bitte erzeugen Sie jetzt neue Codes.',
    recoveryUsed_one:
      'Sie haben sich mit einem Wiederherstellungscode angemeldet; nur noch ein Code ist unbenutzt. Bitte erzeugen Sie neue Codes.',
    personSection: 'Zwei-Faktor-Anmeldung',
    personOn: 'Eingeschaltet seit {date}.',
    personOff: 'Nicht eingerichtet.',
    resetTitle: 'Zwei-Faktor-Anmeldung zurücksetzen',
    resetHint:
      'Nur wenn die Person ihr Gerät und ihre Wiederherstellungscodes verloren hat und Sie ihre Identität geprüft haben (zum Beispiel durch einen Rückruf unter der Dienstnummer). Die Person wird per E-Mail benachrichtigt, ihre Sitzungen enden; bei der nächsten Anmeldung richtet sie die Zwei-Faktor-Anmeldung neu ein.',
    resetConfirm: 'Ich habe die Identität der Person geprüft.',
    resetConfirmMissing: 'Bitte bestätigen Sie, dass Sie die Identität der Person geprüft haben.',
    resetNote: 'Wie geprüft? (für das Protokoll)',
    resetSubmit: 'Zurücksetzen',
    resetDone: 'Die Zwei-Faktor-Anmeldung von {name} ist zurückgesetzt. Die Person wurde benachrichtigt.',
    resetNothing: '{name} hat keine Zwei-Faktor-Anmeldung eingerichtet.',
  },
  mfaMail: {
    passkeyAddedSubject: 'Ein Passkey wurde hinzugefügt',
    passkeyAddedBody:
      'Guten Tag {name},\n\nfür Ihr Konto bei KoKoMa Campus wurde soeben der Passkey „{passkey}“ hinzugefügt.\n\n' +
      'Wenn Sie das nicht selbst waren, wenden Sie sich bitte sofort an das SPI-Team.',
    passkeyRemovedSubject: 'Ein Passkey wurde entfernt',
    passkeyRemovedBody:
      'Guten Tag {name},\n\nfür Ihr Konto bei KoKoMa Campus wurde soeben der Passkey „{passkey}“ entfernt.\n\n' +
      'Wenn Sie das nicht selbst waren, wenden Sie sich bitte sofort an das SPI-Team.',
    enabledSubject: 'Zwei-Faktor-Anmeldung eingeschaltet',
    enabledBody:
      'Guten Tag {name},\n\nfür Ihr Konto bei KoKoMa Campus ist soeben die Zwei-Faktor-Anmeldung eingeschaltet worden. Ab jetzt brauchen Sie beim Anmelden außer dem Passwort einen Code aus Ihrer Authenticator-App.\n\n' +
      'Wenn Sie das nicht selbst waren, wenden Sie sich bitte sofort an das SPI-Team.',
    disabledSubject: 'Zwei-Faktor-Anmeldung ausgeschaltet',
    disabledBody:
      'Guten Tag {name},\n\nfür Ihr Konto bei KoKoMa Campus ist soeben die Zwei-Faktor-Anmeldung ausgeschaltet worden.\n\n' +
      'Wenn Sie das nicht selbst waren, wenden Sie sich bitte sofort an das SPI-Team.',
    codesSubject: 'Neue Wiederherstellungscodes erzeugt',
    codesBody:
      'Guten Tag {name},\n\nfür Ihr Konto bei KoKoMa Campus wurden soeben neue Wiederherstellungscodes erzeugt; die bisherigen gelten nicht mehr.\n\n' +
      'Wenn Sie das nicht selbst waren, wenden Sie sich bitte sofort an das SPI-Team.',
    resetSubject: 'Zwei-Faktor-Anmeldung vom SPI-Team zurückgesetzt',
    resetBody:
      'Guten Tag {name},\n\ndas SPI-Team ({by}) hat die Zwei-Faktor-Anmeldung Ihres Kontos bei KoKoMa Campus zurückgesetzt, wie mit Ihnen besprochen. Ihre angemeldeten Sitzungen wurden beendet. Bei der nächsten Anmeldung richten Sie die Zwei-Faktor-Anmeldung mit Ihrem Smartphone neu ein.\n\n' +
      'Wenn Sie das nicht veranlasst haben, wenden Sie sich bitte sofort an das SPI-Team.',
  },
} as const;
registerTexts(textsMfa);

export { t, formatDate, formatDuration } from '../../platform/i18n';

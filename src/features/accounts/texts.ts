import { registerTexts } from '../../platform/i18n';

/** The German texts of this feature, added to the catalogue when the feature is loaded (see platform/i18n). */
export const textsAccounts = {
  login: {
    title: 'Anmelden',
    intro: 'Melden Sie sich mit Ihrer E-Mail-Adresse und Ihrem Passwort an.',
    email: 'E-Mail-Adresse',
    password: 'Passwort',
    submit: 'Anmelden',
    forgot: 'Passwort vergessen?',
    failed: 'E-Mail-Adresse oder Passwort ist nicht richtig. Bitte prüfen Sie Ihre Eingaben.',
    throttled:
      'Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie {duration} und versuchen Sie es dann erneut.',
    expired: 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.',
    loggedOut: 'Sie haben sich abgemeldet.',
    noAccount: 'Noch kein Zugang? Ihre kommunale Koordination oder das SPI-Team legt ihn für Sie an.',
  },
  password: {
    forgotTitle: 'Passwort vergessen',
    forgotIntro:
      'Geben Sie die E-Mail-Adresse Ihres Kontos ein. Wir senden Ihnen einen Link, über den Sie ein neues Passwort festlegen. Der Link gilt eine Stunde.',
    forgotSubmit: 'Link anfordern',
    forgotSent:
      'Wenn zu dieser Adresse ein Konto besteht, haben wir soeben eine E-Mail mit einem Link gesendet. Bitte sehen Sie auch im Spam-Ordner nach.',
    setTitleInvite: 'Willkommen, {name}: Passwort festlegen',
    setTitleReset: 'Neues Passwort festlegen',
    setIntro:
      'Wählen Sie ein Passwort mit mindestens 12 Zeichen. Ein Satz aus mehreren Wörtern ist leicht zu merken und schwer zu erraten.',
    newPassword: 'Neues Passwort',
    confirmPassword: 'Neues Passwort wiederholen',
    passwordHint: 'Mindestens 12, höchstens 128 Zeichen. Sonderzeichen sind erlaubt, aber nicht nötig.',
    setSubmit: 'Passwort speichern',
    setDone: 'Ihr Passwort ist gespeichert. Sie können sich jetzt anmelden.',
    invalidTitle: 'Link ungültig oder abgelaufen',
    invalidText:
      'Dieser Link kann nicht mehr verwendet werden: Er ist abgelaufen, wurde bereits benutzt oder ist unvollständig.',
    invalidHelp: 'Fordern Sie einen neuen Link an',
  },
  profile: {
    title: 'Mein Profil',
    data: 'Ihre Angaben',
    nameSection: 'Name und Anrede auf Zertifikaten',
    firstName: 'Vorname',
    lastName: 'Nachname',
    certificateTitle: 'Bezeichnung auf Ihrem Zertifikat',
    certificateTitleHint: 'So werden Sie auf Teilnahmebescheinigungen und dem Zertifikat genannt.',
    saved: 'Ihre Angaben sind gespeichert.',
    passwordSection: 'Passwort ändern',
    currentPassword: 'Bisheriges Passwort',
    passwordChanged: 'Ihr Passwort ist geändert. Andere Sitzungen mit Ihrem Konto wurden beendet.',
    changePassword: 'Passwort ändern',
    email: 'E-Mail-Adresse',
    role: 'Rolle',
    municipality: 'Kommune',
    sector: 'Sektor',
    organisation: 'Organisation',
    jobTitle: 'Funktion',
    emailHint: 'Rolle und Kommune ändert das SPI-Team; Ihre E-Mail-Adresse ändern Sie unten selbst.',
    statisticsSection: 'Freiwillige Angabe für die Statistik',
    statisticsIntro:
      'Das SPI-Team berichtet dem Fördermittelgeber, wen die Weiterbildung erreicht. Ihre Angabe ist freiwillig und jederzeit änderbar; sie erscheint nur in zusammengefassten Zahlen (Felder mit weniger als drei Personen werden nicht gezeigt), nie mit Ihrem Namen, auch nicht für das SPI-Team.',
    ageBand: 'Altersgruppe',
    noAnswer: 'keine Angabe',
    statisticsSaved: 'Ihre Angabe ist gespeichert.',
    emailSection: 'E-Mail-Adresse ändern',
    newEmail: 'Neue E-Mail-Adresse',
    newEmailHint:
      'Ihre bisherige Adresse erhält eine Nachricht über die Änderung; Ihre anderen Sitzungen werden beendet.',
    changeEmail: 'E-Mail-Adresse ändern',
    emailChanged: 'Ihre E-Mail-Adresse ist jetzt {email}. Die bisherige Adresse wurde benachrichtigt.',
  },
  mail: {
    inviteSubject: 'Ihr Zugang zu KoKoMa Campus',
    operations: 'Die technische Betreuung von KoKoMa Campus',
    inviteBody:
      'Guten Tag {name},\n\n{invitedBy} hat für Sie einen Zugang zu KoKoMa Campus angelegt, der Lernplattform der Weiterbildung „kommunale:r Konfliktmanager:in“ der Stiftung SPI.\n\n' +
      'Bitte legen Sie über diesen Link Ihr Passwort fest:\n{link}\n\n' +
      'Der Link gilt {days} Tage und kann nur einmal verwendet werden. Falls er abgelaufen ist, wählen Sie auf der Anmeldeseite „Passwort vergessen?“.',
    resetSubject: 'Passwort für KoKoMa Campus zurücksetzen',
    resetBody:
      'Guten Tag {name},\n\nfür Ihr Konto bei KoKoMa Campus wurde ein neues Passwort angefordert. Über diesen Link legen Sie es fest:\n{link}\n\n' +
      'Der Link gilt eine Stunde und kann nur einmal verwendet werden. Wenn Sie kein neues Passwort angefordert haben, können Sie diese Nachricht ignorieren; Ihr bisheriges Passwort bleibt gültig.',
    emailChangedSubject: 'Ihre E-Mail-Adresse bei KoKoMa Campus wurde geändert',
    emailChangedBodySelf:
      'Guten Tag {name},\n\ndie E-Mail-Adresse Ihres Kontos bei KoKoMa Campus wurde soeben in {email} geändert. Nachrichten und Anmeldungen laufen ab jetzt über diese Adresse.\n\n' +
      'Wenn Sie das nicht selbst waren, wenden Sie sich bitte sofort an das SPI-Team: Dann hat jemand anderes Ihr Passwort.',
    emailChangedBodySpi:
      'Guten Tag {name},\n\ndas SPI-Team hat die E-Mail-Adresse Ihres Kontos bei KoKoMa Campus in {email} geändert. Nachrichten und Anmeldungen laufen ab jetzt über diese Adresse; Ihre angemeldeten Sitzungen wurden beendet.\n\n' +
      'Wenn Sie das nicht veranlasst haben, wenden Sie sich bitte an das SPI-Team.',
  },
} as const;
registerTexts(textsAccounts);

export { t, tRaw, cohortPhrase, formatDate, formatDateTime, formatDuration } from '../../platform/i18n';

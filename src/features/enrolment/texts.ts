import { registerTexts } from '../../platform/i18n';

/** The German texts of this feature, added to the catalogue when the feature is loaded (see platform/i18n). */
export const textsEnrolment = {
  enrolment: {
    select: '{name} auswählen',
    confirmSelected: 'Ausgewählte Nominierungen bestätigen',
    confirmSelectedHint: 'Wartende bestätigen Sie einzeln, weil es dabei um freie Plätze geht.',
    confirmedMany: '{count} Teilnahmen sind bestätigt; die Personen werden benachrichtigt.',
    confirmedMany_one: '1 Teilnahme ist bestätigt; die Person wird benachrichtigt.',
    beyondQuotaTitle: '{name} über das Kontingent bestätigen?',
    beyondQuotaWarning: 'Kontingent ausgeschöpft',
    beyondQuotaConfirm: 'Ja, {name} trotzdem bestätigen',
    title: 'Anmeldungen',
    introCoordinator: 'Alle Teilnehmenden Ihrer Kommune und ihre Anmeldungen in den Durchgängen.',
    introAdmin: 'Alle Teilnehmenden und ihre Anmeldungen in den Durchgängen.',
    tableCaption: 'Personen mit ihren Anmeldungen',
    person: 'Person',
    notEnrolled: 'nicht angemeldet',
    filterCohort: 'Durchgang',
    allCohorts: 'Alle Durchgänge',
    filterStatus: 'Status',
    allStatuses: 'Alle',
    noneStatus: 'Nicht angemeldet',
    filter: 'Filtern',
    none: 'Keine Einträge für diese Auswahl.',
    status: {
      nominiert: 'Nominiert',
      bestaetigt: 'Bestätigt',
      warteliste: 'Warteliste',
      abgelehnt: 'Abgelehnt',
      abgemeldet: 'Abgemeldet',
    },
    nominateTitle: 'Personen für „{cohort}“ nominieren',
    seatsInfo:
      'Freie Plätze für Ihre Kommune: {free} (Kontingent {quota}, belegt {held}). Ist das Kontingent oder der Durchgang voll, kommen weitere Nominierungen auf die Warteliste.',
    seatsInfoAdmin: 'Belegt: {held} von {seats} Plätzen.',
    existingHeading: 'Vorhandene Person nominieren',
    existingPerson: 'Person',
    choosePerson: 'Person wählen',
    noCandidates: 'Alle Teilnehmenden sind bereits angemeldet. Legen Sie neue Personen unten an.',
    nominateButton: 'Nominieren',
    newHeading: 'Neue Person anlegen und nominieren',
    newHint: 'Die Person erhält eine Einladung per E-Mail, um ihr Passwort festzulegen.',
    uploadHeading: 'Liste hochladen (CSV oder Excel)',
    uploadHint:
      'Spalten: Vorname, Nachname, E-Mail, Organisation, Funktion, Sektor (Verwaltung, Bildungseinrichtung, Zivilgesellschaft oder Sonstiges). Eine CSV-Datei aus Excel (mit Semikolon) oder eine XLSX-Datei, höchstens 2 MB. Sie sehen zuerst eine Vorschau; gespeichert wird erst, wenn Sie bestätigen.',
    file: 'Datei',
    uploadButton: 'Vorschau anzeigen',
    nominated: '{name} ist nominiert.',
    nominatedWaitlist: '{name} steht auf der Warteliste: Das Kontingent Ihrer Kommune oder der Durchgang ist voll.',
    previewTitle: 'Vorschau der Liste „{file}“',
    previewIntro:
      '{valid} von {total} Zeilen können übernommen werden. Zeilen mit Fehlern werden nicht übernommen; korrigieren Sie sie in der Datei und laden Sie sie erneut hoch.',
    previewSeats: 'Freie Plätze für Ihre Kommune: {free}. Weitere Personen kommen auf die Warteliste.',
    previewCaption: 'Zeilen der Liste mit Prüfergebnis',
    line: 'Zeile',
    check: 'Prüfung',
    ok: 'wird übernommen',
    okExisting: 'wird übernommen (vorhandenes Konto)',
    confirmImport: '{count} Personen übernehmen',
    confirmImport_one: '1 Person übernehmen',
    nothingToImport: 'Keine Zeile kann übernommen werden.',
    uploadAnother: 'Andere Datei hochladen',
    imported:
      'Übernommen mit Platz: {seats}; auf der Warteliste: {waitlisted}. Nicht übernommen (fehlerhaft oder schon angemeldet): {skipped}.',
    importConfirmed: 'Diese Liste ist bereits übernommen.',
    confirm: 'Bestätigen',
    confirmFor: '{name} bestätigen',
    confirmedFlash: 'Die Teilnahme von {name} ist bestätigt.',
    reject: 'Ablehnen',
    rejectFor: 'Nominierung von {name} ablehnen',
    rejectTitle: 'Nominierung von {name} ablehnen',
    rejectedFlash: 'Die Nominierung von {name} ist abgelehnt.',
    withdraw: 'Abmelden',
    withdrawFor: '{name} abmelden',
    withdrawTitle: '{name} von „{cohort}“ abmelden',
    withdrawnFlash: '{name} ist abgemeldet.',
    promotedFlash: ' {count} Personen von der Warteliste sind nachgerückt und benachrichtigt.',
    promotedFlash_one: ' 1 Person von der Warteliste ist nachgerückt und benachrichtigt.',
    reason: 'Grund',
    reasonHint: 'Die Person erhält den Grund per E-Mail.',
    column: {
      firstName: 'Vorname',
      lastName: 'Nachname',
      email: 'E-Mail',
      organisation: 'Organisation',
      jobTitle: 'Funktion',
      sector: 'Sektor',
    },
    row: {
      firstNameMissing: 'Vorname fehlt.',
      lastNameMissing: 'Nachname fehlt.',
      emailMissing: 'E-Mail-Adresse fehlt.',
      emailInvalid: '„{email}“ ist keine gültige E-Mail-Adresse.',
      sectorMissing: 'Sektor fehlt.',
      sectorUnknown:
        'Unbekannter Sektor „{sector}“. Erlaubt sind Verwaltung, Bildungseinrichtung, Zivilgesellschaft, Sonstiges.',
      duplicate: 'Doppelt in der Datei (dieselbe E-Mail-Adresse wie Zeile {line}).',
      otherAccount:
        'Zu dieser E-Mail-Adresse gibt es ein Konto, das nicht zu den Teilnehmenden Ihrer Kommune gehört. Bitte wenden Sie sich an das SPI-Team.',
      inactive: 'Das Konto zu dieser E-Mail-Adresse ist deaktiviert.',
      alreadyEnrolled: 'Bereits angemeldet (Status: {status}).',
      tooLong: 'Ein Eintrag ist zu lang (Namen höchstens 100, Organisation und Funktion höchstens 200 Zeichen).',
    },
    msg: {
      personRequired: 'Bitte wählen Sie eine Person.',
      notNominable: 'Nominiert werden können nur aktive Teilnehmende.',
      municipalityNotInCohort: 'Die Kommune dieser Person nimmt an diesem Durchgang nicht teil.',
      alreadyEnrolled: 'Diese Person ist für diesen Durchgang bereits angemeldet.',
      emailExists:
        'Zu dieser E-Mail-Adresse gibt es bereits ein Konto. Wählen Sie die Person oben unter „Vorhandene Person nominieren“ oder wenden Sie sich an das SPI-Team.',
      notOpen: 'Für diesen Durchgang ist die Anmeldung nicht geöffnet.',
      closed: 'Dieser Durchgang ist abgeschlossen.',
      reasonRequired: 'Bitte geben Sie einen Grund an.',
      chooseSome: 'Bitte wählen Sie mindestens eine Nominierung aus.',
      cohortFull: 'Der Durchgang ist voll. Erhöhen Sie zuerst die Zahl der Plätze.',
      beyondQuota:
        'Das Kontingent dieser Kommune ist ausgeschöpft ({held} von {quota} Plätzen). Wenn Sie bestätigen, erhält die Person einen Platz über das Kontingent hinaus, der sonst einer anderen Kommune zustehen könnte.',
      notConfirmable:
        'Bestätigen lässt sich nur eine Nominierung oder ein Platz auf der Warteliste (Status jetzt: {status}).',
      notChangeable: 'Das ist im Status „{status}“ nicht möglich.',
      importDone: 'Diese Liste ist bereits übernommen.',
      fileEmpty: 'Die Datei ist leer.',
      fileKind:
        'Bitte laden Sie eine CSV- oder XLSX-Datei hoch. Ältere Excel-Dateien (.xls) speichern Sie bitte vorher als XLSX oder CSV.',
      xlsxUnreadable:
        'Die Datei ließ sich nicht als Excel-Tabelle (XLSX) lesen. Bitte speichern Sie sie erneut als XLSX oder als CSV.',
      xlsxTooLarge:
        'Die Excel-Datei ist entpackt viel größer, als eine Teilnehmendenliste sein kann (sie wäre über 10 MB oder enthält zu viele Teile). Bitte speichern Sie die Liste neu als XLSX oder als CSV.',
      csvUnreadable:
        'Die CSV-Datei ließ sich nicht lesen. Bitte prüfen Sie Anführungszeichen und Trennzeichen (Semikolon).',
      columnsMissing: 'In der ersten Zeile fehlen diese Spalten: {columns}.',
      tooManyRows: 'Die Liste hat mehr als {max} Zeilen. Bitte teilen Sie sie auf.',
    },
    mail: {
      nominatedSubject: 'Nominierung für „{cohort}“',
      nominatedBody:
        'Guten Tag {name},\n\nSie sind für die Weiterbildung „kommunale:r Konfliktmanager:in“ im {durchgang} nominiert. Sie haben einen Platz; das SPI-Team bestätigt Ihre Teilnahme in Kürze.\n\nTermine und Ablauf finden Sie hier:\n{link}',
      nominatedWaitlistBody:
        'Guten Tag {name},\n\nSie sind für die Weiterbildung „kommunale:r Konfliktmanager:in“ im {durchgang} nominiert. Im Moment sind alle Plätze belegt; Sie stehen auf der Warteliste. Wird ein Platz frei, rücken Sie nach und erhalten eine E-Mail.\n\n{link}',
      confirmedSubject: 'Teilnahme bestätigt: „{cohort}“',
      confirmedBody:
        'Guten Tag {name},\n\nIhre Teilnahme am {durchgang} ist bestätigt. Alle Termine finden Sie hier; Sie können sie auch in Ihren Kalender übernehmen:\n{link}',
      rejectedSubject: 'Ihre Nominierung für „{cohort}“',
      rejectedBody:
        'Guten Tag {name},\n\nIhre Nominierung für den {durchgang} konnte leider nicht berücksichtigt werden.\n\nGrund: {reason}\n\nBei Fragen wenden Sie sich bitte an Ihre kommunale Koordination oder an das SPI-Team.',
      noReason: 'nicht angegeben',
      withdrawnSubject: 'Abmeldung vom {durchgang}',
      withdrawnBody:
        'Guten Tag {name},\n\nSie sind vom {durchgang} abgemeldet.\n\nGrund: {reason}\n\nBei Fragen wenden Sie sich bitte an Ihre kommunale Koordination oder an das SPI-Team.',
      promotedSubject: 'Sie sind nachgerückt: „{cohort}“',
      promotedBody:
        'Guten Tag {name},\n\nim {durchgang} ist ein Platz frei geworden. Sie sind von der Warteliste nachgerückt und haben jetzt einen Platz; das SPI-Team bestätigt Ihre Teilnahme in Kürze.\n\n{link}',
      promotedCoordinatorSubject: 'Nachgerückt: {person} im {durchgang}',
      promotedCoordinatorBody:
        'Guten Tag {name},\n\nim {durchgang} ist ein Platz frei geworden. {person} aus Ihrer Kommune ist von der Warteliste nachgerückt.\n\n{link}',
    },
  },
} as const;
registerTexts(textsEnrolment);

export { t, tRaw, cohortPhrase, formatDate, formatDateTime, formatDuration } from '../../platform/i18n';

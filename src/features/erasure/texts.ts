import { registerTexts } from '../../platform/i18n';

/** The German texts of erasure requests (Art. 17 DSGVO). */
export const textsErasure = {
  erasure: {
    section: 'Löschung beantragen',
    intro:
      'Sie können beantragen, dass Ihr Konto und Ihre Daten gelöscht werden. Das SPI-Team entscheidet innerhalb eines Monats. Was eine Aufbewahrungspflicht verlangt, bleibt ohne Ihren Namen oder nur so weit nötig: Ihre Anmeldungen und Anwesenheiten (Nachweis gegenüber dem Fördermittelgeber) und das Register Ihrer Bescheinigungen (damit eine Bescheinigung, die Sie vorlegen, geprüft werden kann). Alles andere wird entfernt, auch Ihre Abgaben.',
    reason: 'Anmerkung (optional)',
    submit: 'Löschung beantragen',
    requested: 'Ihr Antrag ist eingegangen. Das SPI-Team entscheidet bis {date} und benachrichtigt Sie per E-Mail.',
    open: 'Ihr Antrag auf Löschung vom {date} liegt dem SPI-Team vor (Entscheidung bis {deadline}).',
    listTitle: 'Anträge auf Löschung',
    listIntro: 'Anträge nach Art. 17 DSGVO. Zu entscheiden innerhalb eines Monats (Art. 12 Abs. 3 DSGVO).',
    none: 'Keine offenen Anträge.',
    decided: 'Entschieden',
    person: 'Person',
    part: 'Bereich (aus Sicht der Person)',
    treatment: 'Bei der Löschung',
    requestedAt: 'Beantragt',
    deadline: 'Entscheidung bis',
    overdue: 'Frist überschritten',
    show: 'Antrag ansehen',
    detailTitle: 'Antrag auf Löschung: {name}',
    whatHappens: 'Was geschieht',
    removed: 'Wird entfernt',
    kept: 'Bleibt, minimiert',
    keptText:
      'Anmeldungen zu Durchgängen, Anwesenheiten (ohne Notizen), das Bescheinigungsregister und die Protokolleinträge (ohne Einzelheiten); das Konto selbst bleibt als „Gelöschte Person“ ohne E-Mail-Adresse.',
    confirm: 'Ich habe geprüft, dass keine Pflicht entgegensteht, mehr als das Genannte zu behalten.',
    confirmMissing: 'Bitte bestätigen Sie die Prüfung.',
    erase: 'Jetzt löschen',
    refuse: 'Ablehnen',
    refuseNote: 'Begründung für die Person',
    refuseNoteMissing: 'Bitte begründen Sie die Ablehnung; die Person erhält sie per E-Mail.',
    notOwn: 'Über einen eigenen Antrag entscheidet ein anderes Mitglied des SPI-Teams.',
    // without the name: the message waits in the SPI-Team member's session, which erasure does not reach
    erased: 'Die Person ist gelöscht; sie wurde an ihrer bisherigen Adresse benachrichtigt.',
    refused: 'Der Antrag ist abgelehnt; die Person wurde benachrichtigt.',
    states: { offen: 'Offen', geloescht: 'Gelöscht', abgelehnt: 'Abgelehnt' },
    rowsOf: '{count} Einträge',
    rowsOf_one: 'Ein Eintrag',
    files: '{count} Dateien',
    files_one: 'Eine Datei',
  },
  erasureMail: {
    teamSubject: 'Neuer Antrag auf Löschung',
    teamBody:
      'Guten Tag,\n\n{name} beantragt die Löschung des Kontos bei KoKoMa Campus.\n\nAnmerkung: {reason}\n\nBitte entscheiden Sie bis {deadline}: {link}',
    doneSubject: 'Ihre Daten bei KoKoMa Campus sind gelöscht',
    doneBody:
      'Guten Tag {name},\n\nwie beantragt, ist Ihr Konto bei KoKoMa Campus gelöscht. Entfernt sind Ihre Abgaben, Ihr Lernfortschritt und alle Angaben, die keine Pflicht zu behalten verlangt. Ohne Ihren Namen bzw. so weit nötig bleiben Ihre Anmeldungen und Anwesenheiten (Nachweis gegenüber dem Fördermittelgeber) und das Register Ihrer Bescheinigungen, damit eine vorgelegte Bescheinigung geprüft werden kann.\n\nDies ist die letzte Nachricht an diese Adresse.',
    refusedSubject: 'Ihr Antrag auf Löschung',
    refusedBody:
      'Guten Tag {name},\n\nIhr Antrag auf Löschung Ihres Kontos bei KoKoMa Campus wurde nicht ausgeführt. Begründung:\n\n{note}\n\nSie können sich bei einer Datenschutz-Aufsichtsbehörde beschweren (siehe Datenschutzerklärung).',
  },
} as const;
registerTexts(textsErasure);

export { t, formatDate } from '../../platform/i18n';

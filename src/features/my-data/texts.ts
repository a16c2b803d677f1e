import { registerTexts } from '../../platform/i18n';

/** The German texts of "Meine Daten". Each section of the export is named after its table and the person's part in it. */
export const textsMyData = {
  myData: {
    title: 'Meine Daten',
    intro:
      'Laden Sie alles herunter, was KoKoMa Campus über Sie gespeichert hat (Art. 15 und 20 DSGVO): eine lesbare Übersicht, die Daten als JSON und CSV, Ihre Abgaben mit Rückmeldungen und Ihre Bescheinigungen, in einer ZIP-Datei. Die Datei wird im Hintergrund erstellt; Sie erhalten eine E-Mail, sobald sie bereitliegt. Sie ist sieben Tage lang herunterladbar.',
    withheld:
      'Nicht enthalten sind nur Geheimnisse, mit denen man sich anmelden könnte: Passwort- und Code-Prüfsummen, das Geheimnis Ihrer Authenticator-App, Sitzungskennungen, Inhalte versandter E-Mails mit Links.',
    request: 'Meine Daten anfordern',
    requested: 'Ihre Daten werden zusammengestellt. Sie erhalten eine E-Mail, sobald die Datei bereitliegt.',
    pending: 'Es wird gerade eine Datei für Sie erstellt.',
    reload: 'Seite neu laden',
    exports: 'Ihre Anforderungen',
    none: 'Sie haben noch keine Daten angefordert.',
    requestedAt: 'Angefordert',
    state: 'Stand',
    expires: 'Herunterladbar bis',
    download: 'Herunterladen',
    downloadLabel: 'ZIP-Datei vom {date} herunterladen ({size})',
    states: {
      wird_erstellt: 'Wird erstellt',
      fertig: 'Bereit',
      fehlgeschlagen: 'Fehlgeschlagen – bitte erneut anfordern',
      abgelaufen: 'Abgelaufen',
    },
    summaryTitle: 'Ihre Daten bei KoKoMa Campus',
    summaryIntro:
      'Stand: {date}. Die Datei daten.json enthält dasselbe maschinenlesbar, der Ordner csv/ je Bereich eine Tabelle.',
    summaryPerson: 'Ihr Konto',
    summaryFiles: 'Dateien in diesem Archiv',
    summaryNoFiles: 'Keine Dateien.',
    rows: '{count} Einträge',
    rows_one: 'Ein Eintrag',
    sections: {
      sessions__user_id: 'Angemeldete Geräte (offene Sitzungen)',
      audit_log: 'Protokoll: Änderungen, Anmeldungen und Handlungen, die Sie betreffen oder die Sie ausgeführt haben',
      mail_outbox__recipient: 'E-Mails an Sie',
      user_tokens__user_id: 'Einladungs- und Passwort-Links (ohne die Links selbst)',
      mfa_recovery_codes__user_id: 'Wiederherstellungscodes (nur ob und wann benutzt)',
      mfa_totp__user_id: 'Zwei-Faktor-Anmeldung (nur wann eingerichtet)',
      mfa_passkeys__user_id: 'Passkeys (Name, wann hinzugefügt und zuletzt verwendet)',
      lesson_progress__user_id: 'Lernfortschritt',
      offering_trainers__user_id: 'Angebote, die Sie als Trainer:in leiten',
      enrolment_imports__created_by_id: 'Teilnahmelisten, die Sie hochgeladen haben',
      enrolments__user_id: 'Ihre Anmeldungen zu Durchgängen',
      enrolments__nominated_by_id: 'Anmeldungen, die Sie für andere vorgenommen haben',
      calendar_feeds__user_id: 'Private Kalenderadresse (ohne die Adresse selbst)',
      attendance__user_id: 'Ihre Anwesenheit',
      attendance__recorded_by_id: 'Anwesenheit, die Sie für andere eingetragen haben',
      attendance_changes__user_id: 'Änderungen an Ihrer Anwesenheit',
      attendance_changes__actor_id: 'Änderungen an Anwesenheiten, die Sie vorgenommen haben',
      checkin_windows__opened_by_id: 'Check-in-Fenster, die Sie geöffnet haben',
      assignments__created_by_id: 'Aufgaben, die Sie gestellt haben',
      feedback__author_id: 'Rückmeldungen, die Sie zu Abgaben geschrieben haben',
      submissions__user_id: 'Ihre Abgaben',
      certificate_events__actor_id: 'Handlungen an Bescheinigungen, die Sie vorgenommen haben',
      certificate_runs__started_by_id: 'Sammelausstellungen, die Sie gestartet haben',
      certificates__user_id: 'Ihre Bescheinigungen',
      certificates__issued_by_id: 'Bescheinigungen, die Sie ausgestellt haben',
      completion_warnings__user_id: 'Nachrichten „Abschluss gefährdet“ an Sie',
      completion_warnings__sent_by_id: 'Nachrichten „Abschluss gefährdet“, die Sie gesendet haben',
      accessibility_feedback__answered_by: 'Rückmeldungen zur Barrierefreiheit, die Sie beantwortet haben',
      data_exports__user_id: 'Ihre Anforderungen „Meine Daten“',
      erasure_requests__user_id: 'Ihre Anträge auf Löschung',
      erasure_requests__decided_by_id: 'Anträge auf Löschung, über die Sie entschieden haben',
      municipality_process__external_facilitator_id: 'Kommunen, die Sie als externe Prozessbegleitung begleiten',
      municipality_process__local_facilitator_id: 'Kommunen, in denen Sie die lokale Prozessbegleitung sind',
      municipality_process__health_set_by_id: 'Einschätzungen von Kommunalprozessen, die Sie gesetzt haben',
      municipality_phases__updated_by_id: 'Daten von Prozessphasen, die Sie geändert haben',
      municipality_milestones__updated_by_id: 'Meilensteine, die Sie geändert haben',
      steering_members__updated_by_id: 'Mitglieder von Steuerungsgruppen, die Sie eingetragen oder geändert haben',
      process_meetings__created_by_id: 'Sitzungen, die Sie eingetragen haben',
      meeting_steps__done_by_id: 'Nächste Schritte, die Sie als erledigt markiert haben',
    },
  },
  myDataMail: {
    readySubject: 'Ihre Daten liegen bereit',
    readyBody:
      'Guten Tag {name},\n\ndie Zusammenstellung Ihrer Daten bei KoKoMa Campus liegt bereit. Sie können sie bis {date} unter „Mein Profil“ → „Meine Daten“ herunterladen:\n{link}\n\n' +
      'Wenn Sie diese Daten nicht angefordert haben, wenden Sie sich bitte sofort an das SPI-Team.',
  },
} as const;
registerTexts(textsMyData);

export { t, formatDate, formatDateTime } from '../../platform/i18n';

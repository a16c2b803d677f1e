import { registerTexts } from '../../platform/i18n';

/** The German texts of this feature, added to the catalogue when the feature is loaded (see platform/i18n). */
export const textsReports = {
  reports: {
    title: 'Berichte',
    titleMunicipality: 'Bericht für {name}',
    introProgramme:
      'Die Zahlen des Programms aus den Daten der Plattform: Teilnahmen, durchgeführte Termine, Anwesenheit und Abschlüsse. Wie jede Zahl gezählt wird, steht unter „Definitionen“.',
    introMunicipality:
      'Die Zahlen Ihrer Kommune aus den Daten der Plattform. Felder mit weniger als {min} Personen werden als „< {min}“ gezeigt, damit niemand einzeln erkennbar ist.',
    introTrainer:
      'Termine, Anwesenheit und Abschlüsse der Module, die Sie unterrichten. Felder mit weniger als {min} Personen werden als „< {min}“ gezeigt.',
    filters: 'Auswahl',
    periodKind: 'Zeitraum',
    kind: { jahr: 'Kalenderjahr', foerderjahr: 'Förderjahr', frei: 'Von – bis' },
    kindYearIsFunding: 'Kalenderjahr (= Förderjahr)',
    year: 'Jahr',
    from: 'Von',
    to: 'Bis',
    cohorts: 'Durchgänge',
    cohortsHint: 'Keine Auswahl: alle Durchgänge des Zeitraums.',
    municipalities: 'Kommunen',
    municipalitiesHint: 'Keine Auswahl: alle Kommunen.',
    show: 'Bericht anzeigen',
    periodLine: 'Zeitraum: {from} bis {to}',
    cohortLine: 'Durchgänge: {names}',
    allCohorts: 'alle Durchgänge des Zeitraums ({count})',
    allCohorts_one: 'alle Durchgänge des Zeitraums (1)',
    allMunicipalities: 'alle Kommunen',
    municipalityLine: 'Kommunen: {names}',
    noCohorts: 'Im gewählten Zeitraum läuft kein Durchgang, der zu Ihrer Auswahl passt.',
    exports: 'Herunterladen',
    xlsx: 'Alle Tabellen als Excel-Datei (XLSX)',
    pdfLink: 'Sachbericht-Anlage (PDF)',
    csv: 'CSV',
    csvOf: '{table} als CSV',
    chartNote: 'Dieselben Zahlen stehen in der Tabelle daneben.',
    total: 'Gesamt',
    otherReasons: 'weitere Gründe (jeweils seltener)',
    suppressed: '< {min}',
    notDefined: '–',
    ofTotal: '{value} von {max}',
    definitions: 'Definitionen',
    filtersSheet: 'Auswahl',
    generated: 'Erstellt am {when}',
    ownReport: 'Bericht der Kommune',
    evidence: 'Nachweise für die Prüfung',
    evidenceHint:
      'Je Durchgang ein ZIP-Archiv mit den Terminen (Datum, Beginn, Ende, UE), den Unterschriftenlisten, der Anwesenheitsmatrix und dem Auszug aus dem Bescheinigungsregister.',
    evidenceLink: 'Nachweise „{name}“ (ZIP)',
    msg: {
      year: 'Bitte geben Sie ein Jahr zwischen 2000 und 2100 ein.',
      from: 'Bitte geben Sie das Anfangsdatum als Datum ein (TT.MM.JJJJ).',
      to: 'Bitte geben Sie das Enddatum als Datum ein (TT.MM.JJJJ).',
      order: 'Das Enddatum liegt vor dem Anfangsdatum.',
      span: 'Bitte wählen Sie einen Zeitraum von höchstens zehn Jahren.',
    },
    sector: {
      verwaltung: 'Verwaltung',
      bildung: 'Bildung',
      zivilgesellschaft: 'Zivilgesellschaft',
      sonstiges: 'Sonstiges',
      none: 'keine Angabe',
    },
    sessionKind: { praesenz: 'Präsenz', online: 'Online' },
    col: {
      municipality: 'Kommune',
      sector: 'Sektor',
      nominated: 'Nominiert',
      confirmed: 'Bestätigt',
      open: 'Noch nicht entschieden',
      waitlisted: 'Warteliste',
      rejected: 'Abgelehnt',
      withdrawn: 'Abgemeldet',
      completed: 'Abschluss erreicht',
      certified: 'Zertifiziert',
      reason: 'Grund',
      count: 'Anzahl',
      kind: 'Art',
      planned: 'Termine geplant',
      held: 'Termine durchgeführt',
      uePlanned: 'UE geplant',
      ueHeld: 'UE durchgeführt',
      unrecorded: 'Termine ohne vollständige Erfassung',
      module: 'Modul',
      people: 'Personen',
      ueRecorded: 'UE erfasst',
      ueAttended: 'UE besucht',
      rate: 'Anwesenheitsquote',
      mean: 'UE besucht je Person (Mittelwert)',
      median: 'UE besucht je Person (Median)',
      inModule: 'Personen im Modul',
      moduleCompleted: 'Modul abgeschlossen',
      assignmentsPassed: 'Aufgaben bestanden',
      figure: 'Kennzahl',
      value: 'Wert',
    },
    table: {
      participantsByMunicipality: 'Teilnahmen nach Kommune',
      participantsBySector: 'Teilnahmen nach Sektor',
      municipalitySector: 'Nominierte nach Kommune und Sektor',
      withdrawals: 'Abmeldungen nach Grund',
      sessions: 'Durchgeführte Termine nach Art',
      attendanceByModule: 'Anwesenheit nach Modul',
      attendanceByKind: 'Anwesenheit nach Art des Termins',
      uePerPerson: 'Besuchte UE je Teilnahme',
      moduleOutcomes: 'Abschlüsse nach Modul',
      outcomes: 'Abschlüsse und Bescheinigungen',
      municipalities: 'Kommunen im Überblick',
    },
    chart: {
      participantsByMunicipality: 'Bestätigte von nominierten Teilnahmen je Kommune',
      participantsBySector: 'Nominierte Teilnahmen je Sektor',
      sessions: 'Durchgeführte von geplanten Terminen je Art',
      attendanceByModule: 'Anwesenheitsquote je Modul in Prozent',
      moduleOutcomes: 'Abgeschlossene Module von Personen im Modul',
    },
    outcome: {
      qualification: 'Qualifizierung abgeschlossen (Regel erfüllt)',
      moduleCompletions: 'Module abgeschlossen (Person × Modul)',
      assignmentsPassed: 'Aufgaben bestanden',
      issued: 'Bescheinigungen ausgestellt',
      zertifikate: 'davon Zertifikate',
      corrected: 'Bescheinigungen korrigiert (Neuausstellung)',
      revoked: 'Bescheinigungen widerrufen',
      atRisk: 'Abschluss gefährdet (laufende Durchgänge)',
    },
    def: {
      participation:
        'Teilnahme: eine Person in einem Durchgang. Wer in zwei Durchgängen nominiert ist, zählt zweimal. Gezählt werden die Durchgänge, die im Zeitraum laufen (Beginn bis Ende überschneidet den Zeitraum); eine Teilnahme zählt für die Kommune, für die die Person nominiert wurde.',
      status:
        'Nominiert: alle Nominierungen, gleich was danach geschah. Bestätigt, Warteliste, Abgelehnt, Abgemeldet und „Noch nicht entschieden“ sind der heutige Stand; zusammen ergeben sie die Nominierten.',
      sector: 'Sektor: die Angabe im Konto der Person; „keine Angabe“, wenn sie fehlt.',
      completed:
        'Abschluss erreicht: die Person hält einen Platz und erfüllt heute die Regel für das Zertifikat (Präsenz- und Online-Module abgeschlossen, Pflichtaufgaben bestanden, Anteil der geplanten UE besucht).',
      certified:
        'Zertifiziert: für die Teilnahme liegt ein gültiges Zertifikat vor (nicht ersetzt, nicht widerrufen), gleich wann es ausgestellt wurde.',
      withdrawals:
        'Abmeldegrund: der Grund, wie er bei der Abmeldung eingegeben wurde; gleiche Texte werden zusammengefasst.',
      held: 'Durchgeführt: Termine im Zeitraum, die begonnen haben. UE durchgeführt: deren Unterrichtseinheiten (1 UE = 45 Minuten).',
      unrecorded:
        'Termine ohne vollständige Erfassung: durchgeführte Termine, bei denen für mindestens eine Person, für die der Termin zählt, keine Anwesenheit erfasst ist.',
      attendance:
        'Anwesenheitsquote: besuchte UE geteilt durch erfasste UE. Ein Termin zählt für eine Person, wenn sie bei seinem Beginn einen Platz hatte und sich nicht vorher abgemeldet hat. Anwesend zählt mit allen UE, teilweise anwesend mit dem Anteil der Minuten, entschuldigt und unentschuldigt mit 0; nicht erfasste Termine zählen weder mit noch dagegen.',
      uePerPerson:
        'Besuchte UE je Teilnahme: für jede Teilnahme mit mindestens einem durchgeführten Termin im Zeitraum die Summe der besuchten UE; davon Mittelwert und Median.',
      moduleCompleted:
        'Modul abgeschlossen: genug UE des Moduls besucht und seine Pflichtaufgaben bestanden (Regel in content/course.md). Personen im Modul: Teilnahmen, für die mindestens ein Termin des Moduls zählt.',
      assignmentsPassed: 'Aufgaben bestanden: bewertete Abgaben im Stand „bestanden“.',
      certificates:
        'Bescheinigungen: Zertifikate und Teilnahmebescheinigungen, die im Zeitraum ausgestellt wurden; korrigiert: im Zeitraum neu ausgestellt, um eine frühere zu ersetzen; widerrufen: im Zeitraum widerrufen.',
      atRisk:
        'Abschluss gefährdet: Personen mit Platz in einem nicht abgeschlossenen Durchgang, die die Regel auch dann nicht mehr erfüllen können, wenn sie alle übrigen Termine besuchen.',
      suppression:
        'Datenschutz: In Berichten für Kommunen und Lehrende werden Felder mit 1 bis {below} Personen als „< {min}“ gezeigt, ebenso Mittelwerte und Quoten, die auf weniger als {min} Personen beruhen.',
    },
    file: { report: 'bericht', evidence: 'nachweise' },
    pdf: {
      title: 'Sachbericht-Anlage: KoKoMa – kommunale:r Konfliktmanager:in',
      programme: 'Stiftung SPI · Bundesprogramm „Demokratie leben!“',
      footer: 'KoKoMa Campus · Sachbericht-Anlage',
    },
  },
} as const;
registerTexts(textsReports);

export { t, formatDate, formatDateTime } from '../../platform/i18n';

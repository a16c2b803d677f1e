import { registerTexts } from '../../platform/i18n';

/** The German texts of the audit log page (the actions' names are the shared "audit" words in de.ts). */
export const textsAudit = {
  auditLog: {
    title: 'Protokoll',
    intro:
      'Wer wann was geändert hat, Anmeldungen und fehlgeschlagene Anmeldungen, Änderungen an der Zwei-Faktor-Anmeldung, Exporte. Das Protokoll lässt sich nicht bearbeiten.',
    person: 'Person',
    personHint: 'Name oder E-Mail-Adresse; gefunden wird, wer gehandelt hat oder betroffen ist.',
    action: 'Aktion',
    anyAction: 'Alle Aktionen',
    from: 'Von (Datum)',
    to: 'Bis (Datum)',
    dateHint: 'TT.MM.JJJJ',
    dateInvalid: 'Bitte ein Datum als TT.MM.JJJJ angeben.',
    rangeInvalid: 'Das Ende liegt vor dem Anfang.',
    filter: 'Anzeigen',
    reset: 'Filter zurücksetzen',
    csv: 'Als CSV herunterladen',
    at: 'Zeitpunkt',
    actor: 'Handelnde Person',
    subject: 'Betroffen',
    details: 'Einzelheiten',
    system: 'System',
    nobody: '–',
    caption: 'Protokolleinträge, Seite {page} von {pages}',
    count: '{count} Einträge',
    count_one: 'Ein Eintrag',
    none: 'Keine Einträge für diese Auswahl.',
    forPerson: 'Protokoll dieser Person',
  },
} as const;
registerTexts(textsAudit);

export { t, tRaw } from '../../platform/i18n';

import { registerTexts } from '../../platform/i18n';

/** The German texts of this feature, added to the catalogue when the feature is loaded (see platform/i18n). */
export const textsCompletion = {
  completion: {
    attendance: 'Anwesenheit ({ue} von {of} nötigen UE)',
    assignment: 'Aufgabe „{title}“',
    lessons: '{count} Lektionen',
    lessons_one: '1 Lektion',
    praesenzOneMore: 'weiteres Präsenzmodul',
    praesenzManyMore: 'weitere Präsenzmodule',
    onlineOneMore: 'weitere Online-Vertiefung',
    onlineManyMore: 'weitere Online-Vertiefungen',
    praesenzOne: 'Präsenzmodul',
    praesenzMany: 'Präsenzmodule',
    onlineOne: 'Online-Vertiefung',
    onlineMany: 'Online-Vertiefungen',
    ue: '{ue} UE Anwesenheit',
    heading: 'Stand für das Zertifikat',
    eligible: 'Alle Bedingungen für das Zertifikat sind erfüllt.',
    open: 'Noch offen: {items}',
    modules: 'Module',
    moduleDone: 'abgeschlossen',
    moduleOpen: 'offen: {items}',
    modulesCount: 'Präsenz: {p} abgeschlossen ({pNeed} nötig) · online: {o} abgeschlossen ({oNeed} nötig)',
    terms:
      'Ein Modul ist abgeschlossen, wenn genug seiner UE besucht und seine Pflichtaufgaben bestanden sind. Lektionen sind Selbststudium und keine Bedingung.',
    tableCaption: 'Abschluss je Person',
    person: 'Person',
    state: 'Stand',
    eligibleShort: 'erfüllt',
    eligibleCount: '{count} von {total} Personen erfüllen alle Bedingungen.',
    eligibleCount_one: '1 von {total} Personen erfüllt alle Bedingungen.',
  },
} as const;
registerTexts(textsCompletion);

export { t, tRaw, cohortPhrase, formatDate, formatDateTime, formatDuration } from '../../platform/i18n';

import { registerTexts } from '../../platform/i18n';

/** The German texts of this feature, added to the catalogue when the feature is loaded (see platform/i18n). */
export const textsLearning = {
  learning: {
    title: 'Meine Weiterbildung',
    progress: 'Ihr Fortschritt in den Online-Inhalten',
    progressText: '{done} von {total} Lektionen erledigt ({percent} %)',
    resume: 'Weiterlernen: {lesson}',
    resumeIn: 'im Modul „{module}“',
    allDone: 'Sie haben alle Lektionen erledigt.',
    state_nicht_begonnen: 'nicht begonnen',
    state_in_arbeit: 'in Arbeit',
    state_abgeschlossen: 'alle Lektionen erledigt',
    stateHeading: 'Stand',
    lessonsDone: 'Erledigt',
    markDone: 'Als erledigt markieren',
    markUndone: 'Nicht mehr als erledigt markieren',
    isDone: 'Sie haben diese Lektion als erledigt markiert.',
    doneFlash: 'Die Lektion „{title}“ ist als erledigt markiert.',
    undoneFlash: 'Die Lektion „{title}“ ist nicht mehr als erledigt markiert.',
    moduleTable: 'Ihre Module',
    doneBadge: 'erledigt',
  },
} as const;
registerTexts(textsLearning);

export { t, tRaw, cohortPhrase, formatDate, formatDateTime, formatDuration } from '../../platform/i18n';

import { registerTexts } from '../../platform/i18n';

/** The German texts of this feature, added to the catalogue when the feature is loaded (see platform/i18n). */
export const textsMunicipalities = {
  municipalities: {
    title: 'Kommunen',
    new: 'Kommune anlegen',
    name: 'Name der Kommune',
    state: 'Bundesland',
    chooseState: 'Bitte wählen',
    partnership: 'Partnerschaft für Demokratie',
    processLink: 'Prozess in {name}: Phasen, Meilensteine, Tandem',
    partnershipHint: 'Name der lokalen Partnerschaft für Demokratie, z. B. „PfD Erfurt“',
    localFacilitator: 'Lokale Prozessbegleitung',
    externalFacilitator: 'Externe Prozessbegleitung (Stiftung SPI)',
    contactName: 'Name',
    contactOrganisation: 'Organisation',
    contactEmail: 'E-Mail',
    people: 'Personen',
    none: 'Noch keine Kommunen angelegt.',
    tableCaption: 'Kommunen der Weiterbildung',
    createTitle: 'Kommune anlegen',
    editTitle: '{name} bearbeiten',
    created: 'Die Kommune {name} ist angelegt.',
    updated: 'Die Angaben zu {name} sind gespeichert.',
    duplicate: 'Eine Kommune mit diesem Namen gibt es bereits.',
    peopleIn: 'Personen in {name}',
  },
} as const;
registerTexts(textsMunicipalities);

export { t, tRaw, cohortPhrase, formatDate, formatDateTime, formatDuration } from '../../platform/i18n';

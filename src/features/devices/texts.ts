import { registerTexts } from '../../platform/i18n';

/** The German texts of "Angemeldete Geräte". */
export const textsDevices = {
  devices: {
    title: 'Angemeldete Geräte',
    intro:
      'Hier sehen Sie, wo Sie gerade bei KoKoMa Campus angemeldet sind. Kennen Sie ein Gerät nicht, melden Sie es ab und ändern Sie Ihr Passwort.',
    device: 'Gerät',
    unknownDevice: 'Unbekanntes Gerät',
    since: 'Angemeldet seit',
    lastUsed: 'Zuletzt aktiv',
    thisDevice: 'Dieses Gerät',
    end: 'Abmelden',
    endLabel: '{device} abmelden',
    endOthers: 'Alle anderen Geräte abmelden',
    ended: 'Das Gerät ist abgemeldet.',
    endedOthers: 'Alle anderen Geräte sind abgemeldet ({count}).',
    endedOthers_one: 'Ein anderes Gerät ist abgemeldet.',
    noOthers: 'Sie sind nur auf diesem Gerät angemeldet.',
    gone: 'Diese Anmeldung besteht nicht mehr.',
    profileLink: 'Angemeldete Geräte ansehen',
    personSessions: 'Angemeldete Geräte',
    personSessionsCount: '{count} offene Sitzungen',
    personSessionsCount_one: 'Eine offene Sitzung',
    personSessionsNone: 'Keine offene Sitzung',
    endAll: 'Alle Sitzungen beenden',
    endedAll: 'Alle Sitzungen von {name} sind beendet ({count}).',
    endedAll_one: 'Die Sitzung von {name} ist beendet.',
  },
} as const;
registerTexts(textsDevices);

export { t } from '../../platform/i18n';

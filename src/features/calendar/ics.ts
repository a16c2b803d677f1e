import ical from 'ical-generator';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import { berlinInstant, ZONE } from '../../platform/time';
import { t } from './texts';
import type { PersonSession } from '../cohorts/queries';

/**
 * An RFC 5545 calendar of sessions. Times carry TZID=Europe/Berlin with its VTIMEZONE, so Outlook, Thunderbird and
 * phones show 9:00 as 9:00 on both sides of a clock change; DTSTAMP stays in UTC as the RFC demands (which is why the
 * calendar itself has no default zone: ical-generator would then write DTSTAMP as a local time).
 */
export function sessionsCalendar(opts: { name: string; sessions: PersonSession[]; baseUrl: string }): string {
  const host = new URL(opts.baseUrl).hostname;
  const cal = ical({
    name: opts.name,
    prodId: { company: 'Stiftung SPI', product: 'KoKoMa Campus', language: 'DE' },
    ttl: 60 * 60,
  });
  cal.timezone({ name: null, generator: getVtimezoneComponent });
  cal.x([{ key: 'X-WR-TIMEZONE', value: ZONE }]);
  for (const s of opts.sessions) {
    const x = s.session;
    const kind = t(`cohorts.kind.${x.kind}`);
    const description = [
      `${kind}, ${t('cohorts.ueCount', { ue: x.ue })}`,
      s.trainers ? `${t('cohorts.trainers')}: ${s.trainers}` : '',
      x.videoUrl ? `${t('cohorts.videoUrl')}: ${x.videoUrl}` : '',
      `${t('cohorts.cohort')}: ${s.cohortName}`,
      `${opts.baseUrl}/cohorts/${s.cohortId}`,
    ].filter(Boolean);
    cal.createEvent({
      id: `termin-${x.id}@${host}`,
      sequence: x.revision,
      stamp: x.updatedAt,
      start: berlinInstant(x.date, x.startTime),
      end: berlinInstant(x.date, x.endTime),
      timezone: ZONE,
      summary: `${s.moduleTitle} (${kind})`,
      location: x.kind === 'online' ? x.videoUrl || t('cohorts.kind.online') : x.location,
      description: description.join('\n'),
      url: `${opts.baseUrl}/cohorts/${s.cohortId}`,
    });
  }
  return cal.toString();
}

import { z } from 'zod';
import {
  choice,
  dateField,
  idList,
  intField,
  optionalText,
  optionalHttpsUrl,
  requiredId,
  requiredText,
  timeField,
} from '../../platform/forms';
import { formatDuration, t } from './texts';
import { durationMinutes } from '../../platform/time';
import { COHORT_STATUSES, SESSION_KINDS } from './table';

export const CohortForm = z.object({
  name: requiredText(t('cohorts.msg.nameRequired'), 120),
  startsOn: dateField(t('cohorts.msg.startsOnInvalid')),
  endsOn: dateField(t('cohorts.msg.endsOnInvalid')),
  status: choice(COHORT_STATUSES, t('cohorts.msg.statusRequired')),
  seats: intField(1, 500, t('cohorts.msg.seatsInvalid')),
});
export type CohortInput = z.infer<typeof CohortForm>;

export const cohortCrossCheck = (_req: unknown, raw: Record<string, unknown>): Record<string, string> => {
  const parsed = CohortForm.pick({ startsOn: true, endsOn: true }).safeParse(raw);
  return parsed.success && parsed.data.endsOn < parsed.data.startsOn ? { endsOn: t('cohorts.msg.endBeforeStart') } : {};
};

export const QuotaForm = z.object({
  municipalityId: requiredId(t('cohorts.msg.municipalityRequired')),
  quota: intField(0, 500, t('cohorts.msg.quotaInvalid')),
  /** The SPI-Team knowingly hands out more seats than the cohort has. */
  overbook: z.preprocess((v) => v === 'ja', z.boolean()),
});
export type QuotaInput = z.infer<typeof QuotaForm>;

export const OfferingForm = z.object({
  moduleId: requiredId(t('cohorts.msg.moduleRequired')),
  position: intField(1, 99, t('cohorts.msg.positionInvalid')),
  trainerIds: idList(),
});
export type OfferingInput = z.infer<typeof OfferingForm>;

export const SessionForm = z.object({
  date: dateField(t('cohorts.msg.dateInvalid')),
  startTime: timeField(t('cohorts.msg.startTimeInvalid')),
  endTime: timeField(t('cohorts.msg.endTimeInvalid')),
  kind: choice(SESSION_KINDS, t('cohorts.msg.kindRequired')),
  location: optionalText(300),
  videoUrl: optionalHttpsUrl(t('cohorts.msg.videoUrlInvalid')),
  ue: intField(0, 16, t('cohorts.msg.ueInvalid')),
});
export type SessionInput = z.infer<typeof SessionForm>;

/** Rules across the fields of a session, shown together with the field errors. */
export const sessionCrossCheck = (_req: unknown, raw: Record<string, unknown>): Record<string, string> => {
  const errors: Record<string, string> = {};
  const times = SessionForm.pick({ startTime: true, endTime: true }).safeParse(raw);
  if (times.success && times.data.endTime <= times.data.startTime) errors.endTime = t('cohorts.msg.endBeforeStartTime');
  if (times.success && times.data.endTime > times.data.startTime) {
    const minutes = durationMinutes({ startTime: times.data.startTime, endTime: times.data.endTime });
    const ue = SessionForm.pick({ ue: true }).safeParse(raw);
    const max = Math.ceil(minutes / 45);
    if (ue.success && ue.data.ue > max)
      errors.ue = t('cohorts.msg.ueTooMany', { duration: formatDuration(minutes), max });
  }
  const where = typeof raw.location === 'string' ? raw.location.trim() : '';
  if (raw.kind === 'praesenz' && where === '') errors.location = t('cohorts.msg.locationRequired');
  return errors;
};

/** A copy of a cohort: its new name and when it begins (the sessions follow, moved by whole weeks). */
export const CopyForm = z.object({
  name: requiredText(t('cohorts.msg.nameRequired'), 120),
  startsOn: dateField(t('cohorts.msg.startsOnInvalid')),
});

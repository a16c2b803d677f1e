import { z } from 'zod';
import type { Request } from 'express';
import type { FieldErrors } from '../../platform/errors';
import { choice, optionalDateField, optionalId, optionalText } from '../../platform/forms';
import { MILESTONE_STATES, PROCESS_HEALTH } from './table';
import { t } from './texts';

export const MilestoneForm = z.object({
  plannedOn: optionalDateField(t('process.msg.date')),
  status: choice(MILESTONE_STATES, t('process.msg.state')),
  reachedOn: optionalDateField(t('process.msg.date')),
  reason: optionalText(500),
  note: optionalText(1000),
});
export type MilestoneInput = z.infer<typeof MilestoneForm>;

/** "erreicht" needs its date and only it has one; "entfällt" says why. */
export function milestoneCrossCheck(_req: Request, raw: Record<string, unknown>): FieldErrors {
  const errors: FieldErrors = {};
  const filled = (v: unknown) => typeof v === 'string' && v.trim() !== '';
  if (raw.status === 'erreicht' && !filled(raw.reachedOn)) errors.reachedOn = t('process.msg.reachedOnRequired');
  if (raw.status !== 'erreicht' && filled(raw.reachedOn)) errors.reachedOn = t('process.msg.reachedOnOnlyWhenReached');
  if (raw.status === 'entfaellt' && !filled(raw.reason)) errors.reason = t('process.msg.reasonRequired');
  return errors;
}

export const PhaseForm = z.object({
  plannedStart: optionalDateField(t('process.msg.date')),
  plannedEnd: optionalDateField(t('process.msg.date')),
  actualStart: optionalDateField(t('process.msg.date')),
  actualEnd: optionalDateField(t('process.msg.date')),
});
export type PhaseInput = z.infer<typeof PhaseForm>;

export function phaseCrossCheck(_req: Request, raw: Record<string, unknown>): FieldErrors {
  const parsed = PhaseForm.safeParse(raw);
  if (!parsed.success) return {};
  const f = parsed.data;
  const errors: FieldErrors = {};
  if (f.plannedStart && f.plannedEnd && f.plannedEnd < f.plannedStart)
    errors.plannedEnd = t('process.msg.endBeforeStart');
  if (f.actualEnd && !f.actualStart) errors.actualStart = t('process.msg.endWithoutStart');
  else if (f.actualStart && f.actualEnd && f.actualEnd < f.actualStart)
    errors.actualEnd = t('process.msg.endBeforeStart');
  return errors;
}

export const HealthForm = z.object({
  health: choice(PROCESS_HEALTH, t('process.msg.health')),
  healthReason: optionalText(1000),
});
export function healthCrossCheck(_req: Request, raw: Record<string, unknown>): FieldErrors {
  const reason = typeof raw.healthReason === 'string' ? raw.healthReason.trim() : '';
  return raw.health !== 'im_plan' && reason === '' ? { healthReason: t('process.msg.healthReasonRequired') } : {};
}

export const TandemForm = z.object({
  externalFacilitatorId: optionalId(),
  localFacilitatorId: optionalId(),
});

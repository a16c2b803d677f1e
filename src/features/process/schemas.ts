import { z } from 'zod';
import type { Request } from 'express';
import type { FieldErrors } from '../../platform/errors';
import {
  choice,
  dateField,
  intField,
  optionalDateField,
  optionalId,
  optionalText,
  requiredText,
} from '../../platform/forms';
import { SECTORS } from '../accounts/table';
import { MEETING_KINDS, MILESTONE_STATES, PROCESS_HEALTH } from './table';
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

/** How many next steps the meeting form offers at once (no script adds rows; save and add more). */
export const NEW_STEPS = 5;

export const MemberForm = z.object({
  name: requiredText(t('process.msg.memberName'), 120),
  organisation: optionalText(200),
  sector: z.preprocess(
    (v) => (v === '' || v === undefined ? null : v),
    z.enum(SECTORS, { error: t('process.msg.sector') }).nullable(),
  ),
  role: optionalText(120),
  joinedOn: optionalDateField(t('process.msg.date')),
  leftOn: optionalDateField(t('process.msg.date')),
});
export type MemberInput = z.infer<typeof MemberForm>;

export function memberCrossCheck(_req: Request, raw: Record<string, unknown>): FieldErrors {
  const parsed = MemberForm.pick({ joinedOn: true, leftOn: true }).safeParse(raw);
  return parsed.success && parsed.data.joinedOn && parsed.data.leftOn && parsed.data.leftOn < parsed.data.joinedOn
    ? { leftOn: t('process.msg.leftBeforeJoined') }
    : {};
}

const stepFields = Object.fromEntries(
  Array.from({ length: NEW_STEPS }, (_, i) => [
    [`stepText${i + 1}`, optionalText(300)],
    [`stepWho${i + 1}`, optionalText(120)],
    [`stepDue${i + 1}`, optionalDateField(t('process.msg.date'))],
  ]).flat(),
) as Record<string, z.ZodType<string | null>>;

export const MeetingForm = z.object({
  heldOn: dateField(t('process.msg.heldOn')),
  kind: choice(MEETING_KINDS, t('process.msg.kind')),
  participants: intField(0, 500, t('process.msg.participants')),
  organisations: optionalText(1000),
  sectors: z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.enum(SECTORS, { error: t('process.msg.sector') })).max(SECTORS.length),
  ),
  decisions: optionalText(5000),
  ...stepFields,
});
export type MeetingInput = z.infer<typeof MeetingForm> & Record<string, string | null>;

/** A next step needs its text once a person or a date is given for it. */
export function meetingCrossCheck(_req: Request, raw: Record<string, unknown>): FieldErrors {
  const errors: FieldErrors = {};
  const filled = (v: unknown) => typeof v === 'string' && v.trim() !== '';
  for (let i = 1; i <= NEW_STEPS; i++)
    if (!filled(raw[`stepText${i}`]) && (filled(raw[`stepWho${i}`]) || filled(raw[`stepDue${i}`])))
      errors[`stepText${i}`] = t('process.msg.stepText');
  return errors;
}

/** The next steps typed into a meeting form, in order, without the empty rows. */
export const stepsOf = (form: Record<string, unknown>) =>
  Array.from({ length: NEW_STEPS }, (_, i) => ({
    text: String(form[`stepText${i + 1}`] ?? '').trim(),
    who: String(form[`stepWho${i + 1}`] ?? '').trim(),
    dueOn: (form[`stepDue${i + 1}`] as string | null) ?? null,
  })).filter((s) => s.text !== '');

/** Marking a next step done ("ja") or open again ("nein"). */
export const StepForm = z.object({ done: choice(['ja', 'nein'] as const, t('process.msg.step')) });

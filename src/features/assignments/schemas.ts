import { z } from 'zod';
import { choice, dateField, intField, optionalText, requiredText, timeField } from '../../platform/forms';
import { t } from './texts';
import { FILE_KINDS } from '../../platform/files/sniff';
import { GRADINGS } from './table';

const checkbox = () => z.preprocess((v) => v === 'ja' || v === 'on' || v === 'true', z.boolean());
const optional = <S extends z.ZodType>(s: S) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), s.optional());

/** The assignment form: dates as Berlin wall-clock time, like sessions. */
export const AssignmentForm = z.object({
  title: requiredText(t('assignments.msg.titleRequired'), 200),
  instructions: requiredText(t('assignments.msg.instructionsRequired'), 20_000),
  dueDate: dateField(t('assignments.msg.dueDateInvalid')),
  dueTime: timeField(t('assignments.msg.dueTimeInvalid')),
  cutoffDate: optional(dateField(t('assignments.msg.cutoffDateInvalid'))),
  cutoffTime: optional(timeField(t('assignments.msg.cutoffTimeInvalid'))),
  expectsFile: checkbox(),
  expectsText: checkbox(),
  allowedKinds: z.preprocess(
    (v) => (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []),
    z.array(z.enum(FILE_KINDS, { error: t('assignments.msg.kindInvalid') })),
  ),
  maxFileMb: intField(1, 20, t('assignments.msg.maxFileMbInvalid')),
  maxFiles: intField(1, 10, t('assignments.msg.maxFilesInvalid')),
  grading: choice(GRADINGS, t('assignments.msg.gradingRequired')),
  maxPoints: optional(intField(1, 1000, t('assignments.msg.pointsInvalid'))),
  passPoints: optional(intField(0, 1000, t('assignments.msg.pointsInvalid'))),
  required: checkbox(),
});
export type AssignmentInput = z.infer<typeof AssignmentForm>;

/** Rules across fields, shown together with the field errors. */
export function assignmentCrossCheck(_req: unknown, raw: Record<string, unknown>): Record<string, string> {
  const errors: Record<string, string> = {};
  const parsed = AssignmentForm.safeParse(raw);
  const v = parsed.success ? parsed.data : undefined;
  const expectsFile = raw.expectsFile === 'ja';
  if (!expectsFile && raw.expectsText !== 'ja') errors.expectsFile = t('assignments.msg.expectSomething');
  const kinds = Array.isArray(raw.allowedKinds) ? raw.allowedKinds : raw.allowedKinds ? [raw.allowedKinds] : [];
  if (expectsFile && kinds.length === 0) errors.allowedKinds = t('assignments.msg.kindsRequired');
  if (raw.grading === 'punkte') {
    if (!raw.maxPoints) errors.maxPoints = t('assignments.msg.maxPointsRequired');
    if (raw.passPoints === undefined || raw.passPoints === '')
      errors.passPoints = t('assignments.msg.passPointsRequired');
    else if (v?.maxPoints !== undefined && v.passPoints !== undefined && v.passPoints > v.maxPoints)
      errors.passPoints = t('assignments.msg.passAboveMax');
  }
  if ((raw.cutoffDate && !raw.cutoffTime) || (!raw.cutoffDate && raw.cutoffTime))
    errors.cutoffDate = t('assignments.msg.cutoffBoth');
  if (v?.cutoffDate && v.cutoffTime && `${v.cutoffDate}T${v.cutoffTime}` < `${v.dueDate}T${v.dueTime}`)
    errors.cutoffDate = t('assignments.msg.cutoffBeforeDue');
  return errors;
}

/** The trainee's work on an assignment: text, files to remove, and whether this is the hand-in (submit=ja). */
export const WorkForm = z.object({
  text: optionalText(50_000),
  submit: z.preprocess((v) => v === 'ja', z.boolean()),
  removeFile: z.preprocess(
    (v) =>
      (Array.isArray(v) ? v : typeof v === 'string' ? [v] : [])
        .filter((x) => typeof x === 'string' && /^\d{1,9}$/.test(x))
        .map(Number),
    z.array(z.number()),
  ),
});

export const FeedbackForm = z.object({
  decision: choice(['bestanden', 'nicht_bestanden', 'ueberarbeiten'] as const, t('assignments.msg.decisionRequired')),
  points: optional(intField(0, 1000, t('assignments.msg.pointsInvalid'))),
  text: requiredText(t('assignments.msg.feedbackRequired'), 20_000),
});

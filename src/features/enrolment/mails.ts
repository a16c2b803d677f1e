import { cohortPhrase, t } from './texts';
import type { Mail } from '../../platform/mail/mailer';
import { fullName } from '../../platform/names';

type Person = { firstName: string; lastName: string; email: string };
const name = fullName;

/** The German e-mails of enrolment. Plain text, like every mail of the app. */
export const enrolmentMails = {
  nominated: (p: Person, cohort: string, waitlisted: boolean, link: string): Mail => ({
    to: p.email,
    subject: t('enrolment.mail.nominatedSubject', { cohort, durchgang: cohortPhrase(cohort) }),
    text:
      t(waitlisted ? 'enrolment.mail.nominatedWaitlistBody' : 'enrolment.mail.nominatedBody', {
        name: name(p),
        cohort,
        durchgang: cohortPhrase(cohort),
        link,
      }) + t('common.mailSignature'),
  }),
  confirmed: (p: Person, cohort: string, link: string): Mail => ({
    to: p.email,
    subject: t('enrolment.mail.confirmedSubject', { cohort, durchgang: cohortPhrase(cohort) }),
    text:
      t('enrolment.mail.confirmedBody', { name: name(p), cohort, durchgang: cohortPhrase(cohort), link }) +
      t('common.mailSignature'),
  }),
  rejected: (p: Person, cohort: string, reason: string): Mail => ({
    to: p.email,
    subject: t('enrolment.mail.rejectedSubject', { cohort, durchgang: cohortPhrase(cohort) }),
    text:
      t('enrolment.mail.rejectedBody', {
        name: name(p),
        cohort,
        durchgang: cohortPhrase(cohort),
        reason: reason || t('enrolment.mail.noReason'),
      }) + t('common.mailSignature'),
  }),
  withdrawn: (p: Person, cohort: string, reason: string): Mail => ({
    to: p.email,
    subject: t('enrolment.mail.withdrawnSubject', { cohort, durchgang: cohortPhrase(cohort) }),
    text:
      t('enrolment.mail.withdrawnBody', { name: name(p), cohort, durchgang: cohortPhrase(cohort), reason }) +
      t('common.mailSignature'),
  }),
  promoted: (p: Person, cohort: string, link: string): Mail => ({
    to: p.email,
    subject: t('enrolment.mail.promotedSubject', { cohort, durchgang: cohortPhrase(cohort) }),
    text:
      t('enrolment.mail.promotedBody', { name: name(p), cohort, durchgang: cohortPhrase(cohort), link }) +
      t('common.mailSignature'),
  }),
  promotedToCoordinator: (coordinator: Person, p: Person, cohort: string, link: string): Mail => ({
    to: coordinator.email,
    subject: t('enrolment.mail.promotedCoordinatorSubject', {
      cohort,
      durchgang: cohortPhrase(cohort),
      person: name(p),
    }),
    text:
      t('enrolment.mail.promotedCoordinatorBody', {
        name: name(coordinator),
        person: name(p),
        cohort,
        durchgang: cohortPhrase(cohort),
        link,
      }) + t('common.mailSignature'),
  }),
};

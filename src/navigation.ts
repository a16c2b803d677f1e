import type { Role } from './platform/auth/roles';

type NavItem = { href: string; label: string; roles: Role[] | 'all'; devOnly?: boolean; smtpOnly?: boolean };

/** The main navigation: each person sees only what their role may use. */
const NAV: NavItem[] = [
  { href: '/', label: 'nav.dashboard', roles: 'all' },
  { href: '/learning', label: 'nav.learning', roles: ['trainee'] },
  { href: '/schedule', label: 'nav.schedule', roles: ['trainee', 'trainer'] },
  { href: '/attendance', label: 'nav.attendance', roles: ['trainee'] },
  { href: '/cohorts', label: 'nav.cohorts', roles: 'all' },
  { href: '/enrolments', label: 'nav.enrolments', roles: ['admin', 'coordinator'] },
  { href: '/grading', label: 'nav.grading', roles: ['admin', 'trainer'] },
  { href: '/at-risk', label: 'nav.atRisk', roles: ['admin', 'coordinator'] },
  { href: '/certificates', label: 'nav.certificates', roles: ['admin'] },
  { href: '/reports', label: 'nav.reports', roles: ['admin', 'coordinator', 'trainer'] },
  { href: '/my/certificates', label: 'nav.myCertificates', roles: ['trainee'] },
  { href: '/catalogue', label: 'nav.catalogue', roles: 'all' },
  { href: '/search', label: 'nav.search', roles: 'all' },
  { href: '/people', label: 'nav.people', roles: ['admin', 'coordinator'] },
  { href: '/process', label: 'nav.process', roles: ['coordinator'] },
  { href: '/process/overview', label: 'nav.processes', roles: ['admin'] },
  { href: '/municipalities', label: 'nav.municipalities', roles: ['admin'] },
  { href: '/admin/catalogue', label: 'nav.content', roles: ['admin'] },
  { href: '/admin/audit', label: 'nav.audit', roles: ['admin'] },
  { href: '/admin/erasure', label: 'nav.erasure', roles: ['admin'] },
  { href: '/admin/retention', label: 'nav.retention', roles: ['admin'] },
  { href: '/admin/feedback', label: 'nav.feedback', roles: ['admin'] },
  { href: '/admin/mail', label: 'nav.mailOutbox', roles: ['admin'], smtpOnly: true },
  { href: '/dev/mail', label: 'nav.devMail', roles: ['admin'], devOnly: true },
  { href: '/profile', label: 'nav.profile', roles: 'all' },
];

export function navigationFor(role: Role, currentPath: string, opts: { devMail: boolean }) {
  return NAV.filter(
    (i) =>
      (i.roles === 'all' || i.roles.includes(role)) && (!i.devOnly || opts.devMail) && (!i.smtpOnly || !opts.devMail),
  ).map((i) => ({
    href: i.href,
    label: i.label,
    current: i.href === '/' ? currentPath === '/' : currentPath === i.href || currentPath.startsWith(`${i.href}/`),
  }));
}

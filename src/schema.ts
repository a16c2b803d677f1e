/** Every table of the application, for Drizzle's typed client and for drizzle-kit's migrations. */
export * from './platform/db/meta-table';
export * from './platform/auth/table';
export * from './platform/audit-table';
export * from './platform/mail/table';
export * from './platform/limits/table';
export * from './features/municipalities/table';
export * from './features/accounts/table';
export * from './features/catalogue/table';
export * from './features/learning/table';
export * from './features/cohorts/table';
export * from './features/enrolment/table';
export * from './features/calendar/table';
export * from './features/attendance/table';
export * from './features/checkin/table';
export * from './features/assignments/table';
export * from './features/certificates/table';
export * from './features/at-risk/table';

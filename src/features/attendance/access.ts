import type { SessionUser } from '../../platform/auth/session-user';

/** Every change to a sheet, with who made it and when: the SPI-Team's, for questions about the record afterwards. */
export const canSeeAttendanceHistory = (actor: SessionUser) => actor.role === 'admin';

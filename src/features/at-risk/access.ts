import type { SessionUser } from '../../platform/auth/session-user';

/** Writing to someone at risk is the SPI-Team's decision; coordinators see the list of their municipality only. */
export const canWriteToAtRisk = (actor: SessionUser) => actor.role === 'admin';

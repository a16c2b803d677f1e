import type { SessionUser } from '../../platform/auth/session-user';

/** The register, issuing, correcting, revoking and sending: the SPI-Team's alone (Stiftung SPI issues certificates). */
export const canManageCertificates = (actor: SessionUser) => actor.role === 'admin';

/** A certificate's PDF: its holder and the SPI-Team. A coordinator sees that it exists and its number, never the file. */
export const canDownloadCertificate = (actor: SessionUser, certificate: { userId: number }) =>
  canManageCertificates(actor) || certificate.userId === actor.id;

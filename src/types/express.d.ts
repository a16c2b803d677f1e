import type { SessionUser } from '../platform/auth/session-user';
import type { Translate } from '../platform/i18n';

declare global {
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends SessionUser {}
    interface Request {
      /** Set for multipart requests: their CSRF token is in the body, which only the route's upload middleware reads. */
      csrfDeferred?: () => boolean;
    }
    interface Locals {
      user?: SessionUser;
      t: Translate;
      csrfToken: () => string;
      flash?: { kind: 'success' | 'info' | 'warning' | 'danger'; text: string };
      currentPath: string;
      demoBanner: boolean;
    }
  }
}

declare module 'express-session' {
  interface SessionData {
    signedInAt?: number;
    /** Browser and system of the sign-in, e.g. "Firefox 133 auf Windows 10" (Angemeldete Geräte). */
    device?: string;
    /** The password was right; the second factor is still to come (mfa/handlers). */
    mfaPending?: { userId: number; next: string; since: number };
    /** Signed in, but the role requires a second factor not yet set up: only the set-up is reachable. */
    mfaSetupRequired?: boolean;
    /** The challenge of a passkey ceremony under way (mfa/passkeys), used once. */
    passkeyChallenge?: { challenge: string; purpose: 'register' | 'login'; since: number; name?: string };
    flash?: { kind: 'success' | 'info' | 'warning' | 'danger'; text: string };
    csrfToken?: string;
    passport?: { user?: number };
    /** A new calendar-feed token, shown once on the next page and then forgotten. */
    newFeedToken?: string;
  }
}

export {};

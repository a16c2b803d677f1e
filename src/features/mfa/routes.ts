import type { RequestHandler } from 'express';
import type { Deps } from '../../deps';
import { publicRoute, requireRole, routes, signedIn } from '../../platform/auth/guards';
import { validateBody } from '../../platform/validate';
import express from 'express';
import { mfaHandlers } from './handlers';
import { passkeyHandlers } from './passkey-handlers';
import { CodeForm, DisableForm, RenewForm, ResetForm } from './schemas';

/** Two-factor sign-in: the code after the password, one's own set-up, and the SPI-Team's reset for a lost device. */
export function mfaRoutes(deps: Deps) {
  const h = mfaHandlers(deps);
  const pk = passkeyHandlers(deps);
  // the passkey ceremonies post JSON (small: a WebAuthn answer is a few kilobytes)
  const json = express.json({ limit: '32kb' });
  return routes()
    .get('/login/code', publicRoute, h.showLoginCode)
    .post('/login/code', publicRoute, validateBody(CodeForm, h.renderLoginCode), h.loginCode)
    .post('/login/passkey/options', publicRoute, pk.loginOptions)
    .post('/login/passkey', publicRoute, json, pk.login)
    .post('/mfa/passkeys/options', signedIn, json, pk.registrationOptions)
    .post('/mfa/passkeys', signedIn, json, pk.register)
    .post('/mfa/passkeys/:id/delete', signedIn, pk.remove)
    .get('/mfa', signedIn, h.showIndex)
    .get('/mfa/setup', signedIn, h.showSetup)
    .post('/mfa/setup', signedIn, validateBody(CodeForm, h.renderSetup), h.confirmSetup)
    .post('/mfa/recovery-codes', signedIn, validateBody(RenewForm, h.renderIndex), h.renewCodes)
    .post('/mfa/disable', signedIn, validateBody(DisableForm, h.renderIndex), h.disable)
    .get('/people/:id/mfa/reset', requireRole('admin'), h.showReset)
    .post('/people/:id/mfa/reset', requireRole('admin'), validateBody(ResetForm, h.renderReset), h.resetByAdmin);
}

const SETUP_ONLY_PATHS = new Set(['/mfa/setup', '/logout']);

/**
 * A person whose role requires the second factor and who has none yet signs in into a session that reaches only the
 * set-up (and sign-out) until it is done: every other page leads there.
 */
export const setupGate: RequestHandler = (req, res, next) => {
  if (!req.user || !req.session.mfaSetupRequired || SETUP_ONLY_PATHS.has(req.path)) return next();
  res.redirect(303, '/mfa/setup');
};

import type { Request, Response } from 'express';
import type { Deps } from '../../deps';
import type { FieldErrors } from '../../platform/errors';
import { idParam } from '../../platform/http/params';
import { setFlash } from '../../platform/http/flash';
import { localPath } from '../../platform/http/safe-redirect';
import { formOf } from '../../platform/validate';
import { signInto } from '../../platform/auth/sign-in';
import { fullName } from '../../platform/names';
import { CodeForm, DisableForm, RenewForm, ResetForm } from './schemas';
import { t } from './texts';

type Values = Record<string, unknown>;
/** How long the second step of a sign-in may wait after the password. */
const PENDING_MS = 5 * 60_000;

/** The sign-in waiting for its second factor (the password was right), for five minutes. */
export function pendingSignIn(req: Request, now: Date) {
  const p = req.session.mfaPending;
  if (!p || now.getTime() - p.since > PENDING_MS) return undefined;
  return p;
}

export function mfaHandlers(deps: Deps) {
  const pending = (req: Request) => pendingSignIn(req, deps.clock.now());

  async function renderLoginCode(req: Request, res: Response, _values: Values, errors: FieldErrors) {
    const p = pending(req);
    const passkeys = p ? (await deps.mfa.passkeys.list(p.userId)).length : 0;
    res.render('mfa/views/login-code', { title: t('mfa.loginTitle'), values: {}, errors, passkeys });
  }

  async function renderIndex(req: Request, res: Response, _values: Values, errors: FieldErrors) {
    res.render('mfa/views/index', {
      title: t('mfa.title'),
      status: await deps.mfa.status(req.user!),
      passkeys: await deps.mfa.passkeys.list(req.user!.id),
      values: {},
      errors,
    });
  }

  async function renderSetup(req: Request, res: Response, _values: Values, errors: FieldErrors) {
    const setup = await deps.mfa.pendingSetup(req.user!);
    if (!setup) return res.redirect('/mfa');
    res.set('Cache-Control', 'no-store');
    res.render('mfa/views/setup', {
      title: t('mfa.setupTitle'),
      setup,
      requiredNow: !!req.session.mfaSetupRequired,
      values: {},
      errors,
    });
  }

  async function renderReset(req: Request, res: Response, values: Values, errors: FieldErrors) {
    const { user: person } = await deps.people.get(req.user!, idParam(req));
    res.render('mfa/views/reset', {
      title: t('mfa.resetTitle'),
      person,
      status: await deps.mfa.status(person),
      values,
      errors,
    });
  }

  /** The recovery codes, once: never stored in the session, never cached. */
  function showCodes(res: Response, codes: string[], next: string) {
    res.set('Cache-Control', 'no-store');
    res.render('mfa/views/codes', { title: t('mfa.codesTitle'), codes, next });
  }

  return {
    renderLoginCode,
    renderIndex,
    renderSetup,
    renderReset,
    showReset: (req: Request, res: Response) => renderReset(req, res, {}, {}),

    showLoginCode(req: Request, res: Response) {
      if (!pending(req)) return res.redirect('/login?expired=1');
      renderLoginCode(req, res, {}, {});
    },

    async loginCode(req: Request, res: Response) {
      const p = pending(req);
      if (!p) return res.redirect('/login?expired=1');
      const user = await deps.accounts.sessionUser(p.userId);
      if (!user) return res.redirect('/login?expired=1');
      const kind = await deps.mfa.check(user.id, formOf(CodeForm, req).code, 'code').catch(async (err: unknown) => {
        await deps.accounts.recordFailedSignIn(user.email, 'code');
        throw err;
      });
      // a fresh session: the pending state goes with the old one
      await signInto(req, user, deps.clock);
      await deps.accounts.recordSignIn(user.id, kind);
      if (kind === 'recovery') {
        const left = await deps.mfa.recoveryLeft(user.id);
        setFlash(req, 'warning', left === 0 ? t('mfa.recoveryUsedLast') : t('mfa.recoveryUsed', { count: left }));
        // with the last code used, the person goes where new ones are made
        if (left === 0) return res.redirect('/mfa');
      }
      res.redirect(localPath(p.next));
    },

    showIndex: (req: Request, res: Response) => renderIndex(req, res, {}, {}),
    showSetup: (req: Request, res: Response) => renderSetup(req, res, {}, {}),

    async confirmSetup(req: Request, res: Response) {
      const codes = await deps.mfa.confirmSetup(req.user!, formOf(CodeForm, req).code);
      const wasRequired = !!req.session.mfaSetupRequired;
      delete req.session.mfaSetupRequired;
      showCodes(res, codes, wasRequired ? '/' : '/mfa');
    },

    async renewCodes(req: Request, res: Response) {
      await deps.mfa.check(req.user!.id, formOf(RenewForm, req).renewCode, 'renewCode');
      showCodes(res, await deps.mfa.renewRecoveryCodes(req.user!), '/mfa');
    },

    async disable(req: Request, res: Response) {
      if (deps.mfa.required(req.user!.role)) return renderIndex(req, res.status(422), {}, {});
      await deps.mfa.check(req.user!.id, formOf(DisableForm, req).disableCode, 'disableCode');
      await deps.mfa.disable(req.user!);
      setFlash(req, 'success', t('mfa.disabled'));
      res.redirect('/mfa');
    },

    async resetByAdmin(req: Request, res: Response) {
      const { user: person } = await deps.people.get(req.user!, idParam(req));
      const form = formOf(ResetForm, req);
      const done = await deps.mfa.resetByAdmin(req.user!, person.id, form.note);
      setFlash(
        req,
        done ? 'success' : 'info',
        t(done ? 'mfa.resetDone' : 'mfa.resetNothing', { name: fullName(person) }),
      );
      res.redirect(`/people/${person.id}`);
    },
  };
}

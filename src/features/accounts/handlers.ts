import { SESSION_COOKIE } from '../../platform/http/setup/sessions';
import type { Request, Response } from 'express';
import type { Deps } from '../../deps';
import { setFlash } from '../../platform/http/flash';
import { localPath } from '../../platform/http/safe-redirect';
import type { FieldErrors } from '../../platform/errors';
import { formatDuration, t } from './texts';
import { cookieValue, DEVICE_COOKIE, rememberDevice } from './device-cookie';
import { formOf } from '../../platform/validate';
import { signInto } from '../../platform/auth/sign-in';
import { AGE_BANDS, CERTIFICATE_TITLES } from './table';
import {
  ChangeEmailForm,
  ChangePasswordForm,
  ForgotForm,
  LoginForm,
  ProfileForm,
  SetPasswordForm,
  StatisticsForm,
} from './schemas';

type Values = Record<string, unknown>;

export function accountsHandlers(deps: Deps) {
  const mfa = deps.mfa;
  const renderLogin = (_req: Request, res: Response, values: Values, errors: FieldErrors, notice?: string) =>
    res.render('accounts/views/login', { title: t('login.title'), values, errors, notice });

  const renderForgot = (_req: Request, res: Response, values: Values, errors: FieldErrors) =>
    res.render('accounts/views/forgot', { title: t('password.forgotTitle'), values, errors, sent: false });

  async function renderSetPassword(req: Request, res: Response, _values: Values, errors: FieldErrors) {
    const info = await deps.accounts.tokenInfo(String(req.params.token));
    if (!info) return res.status(404).render('accounts/views/token-invalid', { title: t('password.invalidTitle') });
    const title =
      info.purpose === 'invite' ? t('password.setTitleInvite', { name: info.firstName }) : t('password.setTitleReset');
    res.render('accounts/views/set-password', { title, errors, values: {}, token: req.params.token });
  }

  async function renderProfile(req: Request, res: Response, values: Values, errors: FieldErrors) {
    const profile = await deps.accounts.profile(req.user!);
    const municipality = profile?.municipalityId ? await deps.municipalities.get(profile.municipalityId) : undefined;
    res.render('accounts/views/profile', {
      title: t('profile.title'),
      profile,
      municipality,
      mfa: await mfa.status(req.user!),
      statistics: await deps.accounts.optionalStatistics(req.user!),
      ageBands: [
        { value: '', label: t('profile.noAnswer') },
        ...AGE_BANDS.map((v) => ({ value: v, label: t(`ageBands.${v}`) })),
      ],
      titles: CERTIFICATE_TITLES.map((v) => ({ value: v, label: t(`certificateTitles.${v}`) })),
      values: {
        firstName: profile?.firstName,
        lastName: profile?.lastName,
        certificateTitle: profile?.certificateTitle,
        ageBand: profile?.ageBand ?? '',
        ...values,
      },
      errors,
    });
  }

  return {
    renderLogin,
    renderForgot,
    renderSetPassword,
    renderProfile,

    showLogin(req: Request, res: Response) {
      // back at the password ("Abbrechen" on the code page): a half-done sign-in goes, not after five minutes
      if (req.session.mfaPending) delete req.session.mfaPending;
      const notice = req.query.expired ? t('login.expired') : undefined;
      renderLogin(req, res, { next: typeof req.query.next === 'string' ? req.query.next : '' }, {}, notice);
    },

    async login(req: Request, res: Response) {
      const form = formOf(LoginForm, req);
      const ip = req.ip ?? 'unknown';
      const device = cookieValue(req, DEVICE_COOKIE);
      // the attempt counts before the password is checked: parallel guesses cannot outrun the limit
      const attempt = await deps.throttle.attempt(form.email, ip, device);
      if (!attempt.allowed) {
        await deps.accounts.recordFailedSignIn(form.email, 'throttled');
        res.status(429).set('Retry-After', String(attempt.retryAfterSeconds));
        return renderLogin(
          req,
          res,
          { email: form.email, next: form.next },
          { _form: t('login.throttled', { duration: formatDuration(Math.ceil(attempt.retryAfterSeconds / 60)) }) },
        );
      }
      const user = await deps.accounts.authenticate(form.email, form.password);
      if (!user) {
        await deps.accounts.recordFailedSignIn(form.email, 'password');
        res.status(401);
        return renderLogin(req, res, { email: form.email, next: form.next }, { _form: t('login.failed') });
      }
      await deps.throttle.succeeded(form.email, ip, device);
      rememberDevice(res, deps.throttle.deviceToken(form.email), deps.config.isProduction);
      const second = await deps.mfa.afterPassword(user);
      if (second === 'code') {
        // the code is asked on a page of its own (mfa/handlers), in a fresh session that holds only who is signing in
        await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
        req.session.mfaPending = { userId: user.id, next: form.next ?? '', since: deps.clock.now().getTime() };
        return res.redirect('/login/code');
      }
      await signInto(req, user, deps.clock);
      await deps.accounts.recordSignIn(user.id, 'password');
      if (second === 'setup') {
        req.session.mfaSetupRequired = true;
        return res.redirect('/mfa/setup');
      }
      res.redirect(localPath(form.next));
    },

    async logout(req: Request, res: Response) {
      await new Promise<void>((resolve, reject) => req.logout((err) => (err ? reject(err) : resolve())));
      // logout() regenerated the session; destroy the new one too, so nothing is left server-side.
      await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
      res.clearCookie(SESSION_COOKIE);
      res.redirect('/login');
    },

    showForgot: (req: Request, res: Response) => renderForgot(req, res, {}, {}),

    async forgot(req: Request, res: Response) {
      const form = formOf(ForgotForm, req);
      // The answer is the same whether a mail went out, so it reveals neither the account nor the limit.
      if (await deps.throttle.resetMailAllowed(form.email, req.ip ?? 'unknown'))
        await deps.accounts.requestReset(form.email);
      res.render('accounts/views/forgot', { title: t('password.forgotTitle'), values: {}, errors: {}, sent: true });
    },

    showSetPassword: (req: Request, res: Response) => renderSetPassword(req, res, {}, {}),

    async setPassword(req: Request, res: Response) {
      const form = formOf(SetPasswordForm, req);
      const ok = await deps.accounts.setPasswordWithToken(String(req.params.token), form.password);
      if (!ok) return res.status(404).render('accounts/views/token-invalid', { title: t('password.invalidTitle') });
      res.render('accounts/views/login', {
        title: t('login.title'),
        values: {},
        errors: {},
        notice: t('password.setDone'),
      });
    },

    showProfile: (req: Request, res: Response) => renderProfile(req, res, {}, {}),

    async updateStatistics(req: Request, res: Response) {
      await deps.accounts.updateStatistics(req.user!, formOf(StatisticsForm, req));
      setFlash(req, 'success', t('profile.statisticsSaved'));
      res.redirect('/profile');
    },

    async updateProfile(req: Request, res: Response) {
      await deps.accounts.updateProfile(req.user!, formOf(ProfileForm, req));
      setFlash(req, 'success', t('profile.saved'));
      res.redirect('/profile');
    },

    async changeEmail(req: Request, res: Response) {
      const form = formOf(ChangeEmailForm, req);
      if (await mfa.active(req.user!.id)) await mfa.check(req.user!.id, form.emailCode, 'emailCode');
      await deps.accounts.changeOwnEmail(req.user!, form.emailPassword, form.newEmail, req.sessionID);
      setFlash(req, 'success', t('profile.emailChanged', { email: form.newEmail }));
      res.redirect('/profile');
    },

    async changePassword(req: Request, res: Response) {
      const form = formOf(ChangePasswordForm, req);
      if (await mfa.active(req.user!.id)) await mfa.check(req.user!.id, form.passwordCode, 'passwordCode');
      await deps.accounts.changePassword(req.user!, form.currentPassword, form.newPassword, req.sessionID);
      setFlash(req, 'success', t('profile.passwordChanged'));
      res.redirect('/profile');
    },
  };
}

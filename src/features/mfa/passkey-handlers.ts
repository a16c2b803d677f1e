import type { Request, Response } from 'express';
import type { Deps } from '../../deps';
import { setFlash } from '../../platform/http/flash';
import { idParam } from '../../platform/http/params';
import { localPath } from '../../platform/http/safe-redirect';
import { signInto } from '../../platform/auth/sign-in';
import { CHALLENGE_MS } from './passkeys';
import { pendingSignIn } from './handlers';
import { PasskeyNameForm } from './schemas';
import { formatDuration, t } from './texts';

/**
 * The passkey ceremonies speak JSON with the page's script (WebAuthn needs JavaScript); every other step of the
 * second factor works without it. Answers carry a German message or where to go next.
 */
export function passkeyHandlers(deps: Deps) {
  const fail = (res: Response, status: number, key: string, values?: Record<string, string>) =>
    res.status(status).json({ error: t(key, values) });

  /** The session's challenge for this purpose, once: taken out whether it is still valid or not. */
  function takeChallenge(req: Request, purpose: 'register' | 'login') {
    const c = req.session.passkeyChallenge;
    delete req.session.passkeyChallenge;
    if (!c || c.purpose !== purpose || deps.clock.now().getTime() - c.since > CHALLENGE_MS) return undefined;
    return c;
  }

  const pendingUser = (req: Request) => pendingSignIn(req, deps.clock.now());

  return {
    async registrationOptions(req: Request, res: Response) {
      if (!(await deps.mfa.active(req.user!.id))) return fail(res, 409, 'mfa.passkeyNeedsApp');
      const form = PasskeyNameForm.safeParse(req.body ?? {});
      if (!form.success) return res.status(422).json({ error: form.error.issues[0]!.message });
      const options = await deps.mfa.passkeys.registrationOptions(req.user!);
      req.session.passkeyChallenge = {
        challenge: options.challenge,
        purpose: 'register',
        since: deps.clock.now().getTime(),
        name: form.data.name,
      };
      res.json(options);
    },

    async register(req: Request, res: Response) {
      const challenge = takeChallenge(req, 'register');
      if (!challenge) return fail(res, 409, 'mfa.passkeyExpired');
      const response = (req.body as { response?: unknown } | undefined)?.response;
      const ok =
        typeof response === 'object' &&
        response !== null &&
        (await deps.mfa.passkeys.register(req.user!, response as never, challenge.challenge, challenge.name ?? ''));
      if (!ok) return fail(res, 422, 'mfa.passkeyNotVerified');
      setFlash(req, 'success', t('mfa.passkeyAdded', { name: challenge.name ?? '' }));
      res.json({ redirect: '/mfa' });
    },

    async remove(req: Request, res: Response) {
      const name = await deps.mfa.passkeys.remove(req.user!, idParam(req));
      setFlash(req, 'success', t('mfa.passkeyRemoved', { name }));
      res.redirect('/mfa');
    },

    async loginOptions(req: Request, res: Response) {
      const p = pendingUser(req);
      if (!p) return fail(res, 409, 'mfa.passkeyExpired');
      const options = await deps.mfa.passkeys.authenticationOptions(p.userId);
      if (!options) return fail(res, 409, 'mfa.passkeyNone');
      req.session.passkeyChallenge = {
        challenge: options.challenge,
        purpose: 'login',
        since: deps.clock.now().getTime(),
      };
      res.json(options);
    },

    async login(req: Request, res: Response) {
      const p = pendingUser(req);
      const challenge = takeChallenge(req, 'login');
      if (!p || !challenge) return fail(res, 409, 'mfa.passkeyExpired');
      const user = await deps.accounts.sessionUser(p.userId);
      if (!user) return fail(res, 409, 'mfa.passkeyExpired');
      const response = (req.body as { response?: unknown } | undefined)?.response;
      const checked =
        typeof response === 'object' && response !== null
          ? await deps.mfa.checkPasskey(user.id, response as never, challenge.challenge)
          : ({ result: 'wrong' } as const);
      if (checked.result === 'throttled')
        return fail(res, 429, 'mfa.throttled', { duration: formatDuration(checked.minutes) });
      if (checked.result === 'wrong') {
        await deps.accounts.recordFailedSignIn(user.email, 'code');
        return fail(res, 422, 'mfa.passkeyNotVerified');
      }
      // a fresh session: the pending state goes with the old one
      await signInto(req, user, deps.clock);
      await deps.accounts.recordSignIn(user.id, 'passkey');
      res.json({ redirect: localPath(p.next) });
    },
  };
}

import type { Passport } from 'passport';
import type { Deps } from '../../deps';

/**
 * Only the person's id lives in the session; the person is read fresh on every request, so a deactivation or a
 * role change takes effect on their next request. A missing or inactive person ends the sign-in.
 */
export function configurePassport(passport: InstanceType<typeof Passport>, deps: Deps): void {
  passport.serializeUser((user, done) => done(null, user.id));
  passport.deserializeUser((id: unknown, done) => {
    if (typeof id !== 'number') return done(null, false);
    deps.accounts.sessionUser(id).then((u) => done(null, u ?? false), done);
  });
}

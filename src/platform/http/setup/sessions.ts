import session from 'express-session';
import { Passport } from 'passport';
import type { RequestHandler } from 'express';
import type { Db } from '../../db/client';
import type { Clock } from '../../clock';
import type { SessionUser } from '../../auth/session-user';
import { DbSessionStore } from '../../auth/session-store';

export const SESSION_COOKIE = 'kokoma.sid';

/**
 * Sessions in the database, the signed-in person loaded fresh on every request (`loadUser`: a deactivation or role
 * change counts at once), and the absolute lifetime after which everyone signs in again.
 */
export function sessions(opts: {
  db: Db;
  clock: Clock;
  secret: string;
  secure: boolean;
  idleMinutes: number;
  maxHours: number;
  loadUser: (id: number) => Promise<SessionUser | undefined>;
}): RequestHandler[] {
  // One passport instance per app: the module's global instance would share deserializers between apps.
  const passport = new Passport();
  passport.serializeUser((user, done) => done(null, user.id));
  passport.deserializeUser((id: unknown, done) => {
    if (typeof id !== 'number') return done(null, false);
    opts.loadUser(id).then((u) => done(null, u ?? false), done);
  });
  const absoluteLifetime: RequestHandler = (req, res, next) => {
    const startedAt = req.session?.signedInAt;
    if (req.user && startedAt && opts.clock.now().getTime() - startedAt > opts.maxHours * 3_600_000) {
      return req.session.destroy(() => {
        res.clearCookie(SESSION_COOKIE);
        res.redirect('/login?expired=1');
      });
    }
    next();
  };
  return [
    session({
      name: SESSION_COOKIE,
      secret: opts.secret,
      store: new DbSessionStore(opts.db, opts.clock, opts.idleMinutes * 60_000),
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: { httpOnly: true, sameSite: 'lax', secure: opts.secure, maxAge: opts.idleMinutes * 60_000 },
    }),
    passport.initialize(),
    passport.session(),
    absoluteLifetime,
  ];
}

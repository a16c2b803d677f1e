import session from 'express-session';
import { Passport } from 'passport';
import type { IncomingMessage } from 'node:http';
import type { Request, RequestHandler } from 'express';
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
  /** The session and its person in one read (accounts' join); without it the person is read after the session. */
  readWithUser?: (
    sid: string,
  ) => Promise<{ sess: unknown; user: SessionUser | null; versions?: Record<string, string> | null } | undefined>;
}): RequestHandler[] {
  const store = new DbSessionStore(opts.db, opts.clock, opts.idleMinutes * 60_000, opts.readWithUser);
  // One passport instance per app: the module's global instance would share deserializers between apps.
  const passport = new Passport();
  passport.serializeUser((user, done) => done(null, user.id));
  // three parameters: passport hands in the request, whose session read may already have brought the person along
  passport.deserializeUser(
    (req: IncomingMessage, id: unknown, done: (err: unknown, user?: SessionUser | false) => void) => {
      if (typeof id !== 'number') return done(null, false);
      const known = store.takeUser((req as Request).sessionID);
      if (known !== undefined && (known === null || known.id === id)) return done(null, known ?? false);
      opts.loadUser(id).then((u) => done(null, u ?? false), done);
    },
  );
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
      store,
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

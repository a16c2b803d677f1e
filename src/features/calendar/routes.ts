import type { Request, Response } from 'express';
import type { Deps } from '../../deps';
import { publicRoute, signedIn, requireRole, routes } from '../../platform/auth/guards';
import { setFlash } from '../../platform/http/flash';
import { t } from './texts';
import { berlinInstant } from '../../platform/time';
import { sessionsCalendar } from './ics';
import { idParam } from '../../platform/http/params';
import { NotFound } from '../../platform/errors';
import { fullName } from '../../platform/names';

/** "Meine Termine" and the private calendar feed. The feed is public by design: its secret URL is the credential. */
export function calendarRoutes(deps: Deps) {
  const attendees = requireRole('trainee', 'trainer');
  const feedUrl = (token: string) => `${deps.config.baseUrl}/calendar/${token}.ics`;

  return (
    routes()
      .get('/schedule', attendees, async (req: Request, res: Response) => {
        const all = await deps.cohorts.sessionsOfPerson(req.user!);
        const now = deps.clock.now();
        const rows = all.map((r) => {
          const seatSince = r.seatSince ? new Date(r.seatSince) : null;
          return {
            ...r,
            beforeSeat: !!seatSince && berlinInstant(r.session.date, r.session.startTime) < seatSince,
            past: berlinInstant(r.session.date, r.session.endTime) < now,
          };
        });
        const token = req.session.newFeedToken;
        delete req.session.newFeedToken;
        res.render('calendar/views/schedule', {
          title: t('schedule.title'),
          upcoming: rows.filter((r) => !r.past),
          past: rows.filter((r) => r.past).reverse(),
          feed: await deps.calendar.feedOf(req.user!.id),
          newFeed: token ? { https: feedUrl(token), webcal: feedUrl(token).replace(/^https?:/, 'webcal:') } : undefined,
        });
      })
      .post('/schedule/feed', attendees, async (req: Request, res: Response) => {
        req.session.newFeedToken = await deps.calendar.reset(req.user!.id);
        res.redirect('/schedule#kalender');
      })
      .post('/schedule/feed/delete', attendees, async (req: Request, res: Response) => {
        await deps.calendar.revoke(req.user!.id);
        setFlash(req, 'success', t('schedule.feedRevoked'));
        res.redirect('/schedule#kalender');
      })
      // one session as a calendar file, for everyone who sees its cohort (reach answers 404 otherwise)
      .get('/sessions/:sessionId.ics', signedIn, async (req: Request, res: Response) => {
        const details = await deps.cohorts.sessionDetails(idParam(req, 'sessionId'));
        if (!details) throw new NotFound();
        await deps.cohorts.reach(req.user!, details.cohortId);
        const body = sessionsCalendar({ name: details.moduleTitle, sessions: [details], baseUrl: deps.config.baseUrl });
        res.type('text/calendar; charset=utf-8').attachment(`termin-${details.session.date}.ics`).send(body);
      })
      .get('/calendar/:token.ics', publicRoute, async (req: Request, res: Response) => {
        const person = await deps.calendar.personFor(String(req.params.token));
        if (!person) return res.status(404).type('text/plain; charset=utf-8').send(t('errors.notFoundTitle'));
        const sessions = await deps.cohorts.sessionsOfPerson(person);
        const name = t('schedule.calendarName', { name: fullName(person) });
        res.set('Cache-Control', 'private, no-store');
        res
          .type('text/calendar; charset=utf-8')
          .send(sessionsCalendar({ name, sessions, baseUrl: deps.config.baseUrl }));
      })
  );
}

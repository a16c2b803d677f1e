import type { Request, RequestHandler } from 'express';

/** What every page's layout needs: the person, the path, the menu, a CSRF token on demand, the flash message. */
export function pageLocals(opts: {
  demoBanner: boolean;
  tokenFor: (req: Request) => string;
  menuFor: (req: Request) => unknown[];
}): RequestHandler {
  return (req, res, next) => {
    res.locals.user = req.user;
    res.locals.currentPath = req.path;
    res.locals.demoBanner = opts.demoBanner;
    // Lazily: a session is only stored once a page actually renders a form.
    res.locals.csrfToken = () => opts.tokenFor(req);
    res.locals.navItems = req.user ? opts.menuFor(req) : [];
    res.locals.flash = undefined;
    if (req.session?.flash) {
      res.locals.flash = req.session.flash;
      delete req.session.flash;
    }
    next();
  };
}

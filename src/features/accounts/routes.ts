import type { Deps } from '../../deps';
import { publicRoute, routes, signedIn, signedOutOnly } from '../../platform/auth/guards';
import { validateBody } from '../../platform/validate';
import { accountsHandlers } from './handlers';
import {
  ChangeEmailForm,
  ChangePasswordForm,
  ForgotForm,
  LoginForm,
  ProfileForm,
  SetPasswordForm,
  StatisticsForm,
} from './schemas';

export function accountsRoutes(deps: Deps) {
  const h = accountsHandlers(deps);
  return routes()
    .get('/login', signedOutOnly, h.showLogin)
    .post('/login', publicRoute, validateBody(LoginForm, h.renderLogin), h.login)
    .post('/logout', publicRoute, h.logout)
    .get('/password/forgot', signedOutOnly, h.showForgot)
    .post('/password/forgot', publicRoute, validateBody(ForgotForm, h.renderForgot), h.forgot)
    .get('/password/set/:token', publicRoute, h.showSetPassword)
    .post('/password/set/:token', publicRoute, validateBody(SetPasswordForm, h.renderSetPassword), h.setPassword)
    .get('/profile', signedIn, h.showProfile)
    .post('/profile', signedIn, validateBody(ProfileForm, h.renderProfile), h.updateProfile)
    .post('/profile/statistics', signedIn, validateBody(StatisticsForm, h.renderProfile), h.updateStatistics)
    .post('/profile/password', signedIn, validateBody(ChangePasswordForm, h.renderProfile), h.changePassword)
    .post('/profile/email', signedIn, validateBody(ChangeEmailForm, h.renderProfile), h.changeEmail);
}

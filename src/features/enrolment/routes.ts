import type { Deps } from '../../deps';
import { requireRole, routes } from '../../platform/auth/guards';
import { uploadFile } from '../../platform/http/upload';
import { validateBody } from '../../platform/validate';
import { enrolmentHandlers } from './handlers';
import { MAX_LIST_BYTES } from './list-file';
import { NominateExistingForm, NominateNewForm, RejectForm, WithdrawForm } from './schemas';

/** Coordinators act for their own municipality only, the service answers 404 beyond it; the SPI-Team decides. */
export function enrolmentRoutes(deps: Deps) {
  const h = enrolmentHandlers(deps);
  const spiTeam = requireRole('admin');
  const nominators = requireRole('admin', 'coordinator');
  const coordinator = requireRole('coordinator');
  return routes()
    .get('/enrolments', nominators, h.overview)
    .get('/cohorts/:id/nominate', nominators, h.showNominate)
    .post(
      '/cohorts/:id/nominations',
      nominators,
      validateBody(NominateExistingForm, h.renderExisting),
      h.nominateExisting,
    )
    .post('/cohorts/:id/nominations/new', coordinator, validateBody(NominateNewForm, h.renderNew), h.nominateNew)
    .upload(
      '/cohorts/:id/imports',
      coordinator,
      uploadFile({ field: 'file', maxBytes: MAX_LIST_BYTES, render: h.renderUpload }),
      h.upload,
    )
    .get('/cohorts/:id/imports/:importId', coordinator, h.showImport)
    .post('/cohorts/:id/imports/:importId', coordinator, h.confirmImport)
    .get('/cohorts/:id/participants.csv', nominators, h.exportCsv)
    .get('/cohorts/:id/participants.xlsx', nominators, h.exportXlsx)
    .post('/enrolments/:id/confirm', spiTeam, h.confirm)
    .post('/cohorts/:id/confirmations', spiTeam, h.confirmMany)
    .get('/enrolments/:id/reject', spiTeam, h.showReject)
    .post('/enrolments/:id/reject', spiTeam, validateBody(RejectForm, h.renderReject), h.reject)
    .get('/enrolments/:id/withdraw', nominators, h.showWithdraw)
    .post('/enrolments/:id/withdraw', nominators, validateBody(WithdrawForm, h.renderWithdraw), h.withdraw);
}

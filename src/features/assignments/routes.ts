import type { Request, Response, NextFunction } from 'express';
import type { Deps } from '../../deps';
import { requireRole, routes, signedIn } from '../../platform/auth/guards';
import { uploadFiles } from '../../platform/http/upload';
import { validateBody } from '../../platform/validate';
import { assignmentsHandlers } from './handlers';
import { AssignmentForm, assignmentCrossCheck, FeedbackForm, WorkForm } from './schemas';

const MAX_BYTES = 20 * 1024 * 1024;

/** Who may do what per assignment is decided by the service (404 beyond a person's offerings). */
export function assignmentsRoutes(deps: Deps) {
  const h = assignmentsHandlers(deps);
  const setters = requireRole('admin', 'trainer');
  // validateBody after multer: the multipart body only exists once the upload middleware has read it
  const feedbackBody = validateBody(FeedbackForm, h.renderSubmission);
  const workBody = validateBody(WorkForm, h.renderShow);
  return (
    routes()
      .get('/offerings/:offeringId/assignments/new', setters, h.showNew)
      .post(
        '/offerings/:offeringId/assignments',
        setters,
        validateBody(AssignmentForm, h.renderForm, assignmentCrossCheck),
        h.create,
      )
      .get('/grading', setters, h.queue)
      .get('/assignments/:id', signedIn, h.show)
      .get('/assignments/:id/edit', setters, h.showEdit)
      .post('/assignments/:id', setters, validateBody(AssignmentForm, h.renderForm, assignmentCrossCheck), h.update)
      // one form, two buttons: "Entwurf speichern" (submit=nein) keeps working, "Abgeben" (submit=ja) hands the version in
      .upload(
        '/assignments/:id/submission',
        requireRole('trainee'),
        uploadFiles({
          field: 'files',
          maxFiles: 10,
          maxBytes: MAX_BYTES,
          dir: deps.config.incomingDir,
          render: h.renderShow,
        }),
        (req: Request, res: Response, next: NextFunction) => workBody(req, res, next),
        h.saveWork,
      )
      .get('/assignments/:id/submissions.zip', setters, h.zip)
      .get('/submissions/:id', setters, h.showSubmission)
      .upload(
        '/submissions/:id/feedback',
        setters,
        uploadFiles({
          field: 'files',
          maxFiles: 5,
          maxBytes: MAX_BYTES,
          dir: deps.config.incomingDir,
          render: h.renderSubmission,
        }),
        (req: Request, res: Response, next: NextFunction) => feedbackBody(req, res, next),
        h.feedback,
      )
      .get('/files/:id', signedIn, h.file)
  );
}

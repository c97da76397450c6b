import type { RequestHandler } from 'express';
import type { Validated } from '../validation/validate-request.js';
import type { LocalHandler, LocalRequest } from './local-handler.js';

export const runLocal = (handler: LocalHandler): RequestHandler => async (req, res) => {
  const { params = {}, query, body } = res.locals.validated as Validated;
  const answer = await handler({ params: params as LocalRequest['params'], query, body, principal: req.user, req, res });
  if (answer.body === undefined) res.status(answer.status).end();
  else if (answer.type) res.status(answer.status).type(answer.type).send(answer.body);
  else res.status(answer.status).json(answer.body);
};

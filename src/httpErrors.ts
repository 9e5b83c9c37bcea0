import type { ErrorRequestHandler, RequestHandler } from 'express';
import { errorMessages } from './errors.js';

/** Body-parser failures, by the `type` it sets: the client's fault, answered as such. */
const requestFaults: Record<string, { status: number; message: string }> = {
  'entity.parse.failed': { status: 400, message: 'The request body is not valid JSON.' },
  'entity.too.large': { status: 413, message: 'The request body is too large.' },
  'encoding.unsupported': { status: 415, message: 'The request body encoding is not supported.' },
  'charset.unsupported': { status: 415, message: 'The request body charset is not supported.' },
  'entity.verify.failed': { status: 400, message: 'The request body was refused.' },
  'request.aborted': { status: 400, message: 'The request was aborted.' },
  'request.size.invalid': { status: 400, message: 'The request body size is wrong.' },
  'stream.encoding.set': { status: 500, message: errorMessages.INTERNAL_SERVER_ERROR },
};

const undecodableBody = { status: 400, message: 'The request body could not be decoded.' };

/**
 * Answers errors raised before GraphQL runs (mostly a body that is not JSON) in the GraphQL
 * error format with a code, instead of Express's HTML page with a stack trace. Body-parser's
 * errors carry the raw body, which may hold a password, so only their type is logged.
 */
export const httpErrorHandler: ErrorRequestHandler = (error: unknown, request, response, next) => {
  if (response.headersSent) return next(error);

  const { type, status } = error as { type?: unknown; status?: unknown };
  // A gzip, deflate or br body that does not decompress has a 4xx status but no type.
  const undecodable =
    typeof status === 'number' && status >= 400 && status < 500 ? undecodableBody : undefined;
  const fault = (typeof type === 'string' ? requestFaults[type] : undefined) ?? undecodable;
  if (fault && fault.status < 500) {
    request.log.warn({ type, status: fault.status }, 'request refused before GraphQL');
    response
      .status(fault.status)
      .json({ errors: [{ message: fault.message, extensions: { code: 'BAD_REQUEST' } }] });
    return;
  }

  request.log.error({ type, name: (error as Error).name }, 'request failed before GraphQL');
  const extensions = { code: 'INTERNAL_SERVER_ERROR', requestId: request.id };
  response
    .status(500)
    .json({ errors: [{ message: errorMessages.INTERNAL_SERVER_ERROR, extensions }] });
};

export const notFoundHandler: RequestHandler = (_request, response) => {
  response.status(404).json({ error: 'Not found. The GraphQL endpoint is /graphql.' });
};

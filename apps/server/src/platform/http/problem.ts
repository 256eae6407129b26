import type { Problem } from '@keel/contracts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isResponseSerializationError } from 'fastify-type-provider-zod';
import { type ErrorKind, KeelError } from '../errors.js';
import { RequestValidationError } from './validation.js';

const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unprocessable: 422,
  rate_limited: 429,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

function send(
  reply: FastifyReply,
  status: number,
  body: Omit<Problem, 'type' | 'title' | 'status'>,
) {
  const problem: Problem = {
    type: `https://keel.dev/problems/${body.code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    ...body,
  };
  return reply.status(status).type('application/problem+json').send(problem);
}

/** Maps any error to RFC 9457 problem details; 5xx answers never carry internals. */
export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof KeelError) {
      const status = STATUS[error.kind];
      return send(reply, status, {
        code: error.code,
        detail: error.message,
        ...(error.fields ? { errors: error.fields } : {}),
        ...(error.extra ?? {}),
      });
    }
    if (error instanceof RequestValidationError) {
      const where = error.validationContext === 'querystring' ? 'query' : error.validationContext;
      return send(reply, 400, {
        code: 'VALIDATION_FAILED',
        detail: `Invalid ${where || 'request'}: ${error.message}`,
        errors: error.fields,
      });
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, cause: error.cause }, 'response did not match its contract');
      return send(reply, 500, { code: 'INTERNAL', detail: 'Something went wrong on our side.' });
    }
    switch (error.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return send(reply, 400, {
          code: 'MALFORMED_JSON',
          detail: 'The request body is not valid JSON.',
        });
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return send(reply, 413, {
          code: 'BODY_TOO_LARGE',
          detail: 'The request body is larger than this endpoint accepts.',
        });
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send(reply, 415, {
          code: 'UNSUPPORTED_MEDIA_TYPE',
          detail: 'Send the body as application/json.',
        });
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return send(reply, 400, { code: 'BAD_CONTENT_LENGTH', detail: 'Bad Content-Length.' });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return send(reply, error.statusCode, {
        code: error.code ?? 'BAD_REQUEST',
        detail: error.message,
      });
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, 500, { code: 'INTERNAL', detail: 'Something went wrong on our side.' });
  });
}

export function sendNotFound(reply: FastifyReply, what: string) {
  return send(reply, 404, { code: 'ROUTE_NOT_FOUND', detail: `${what} does not exist.` });
}

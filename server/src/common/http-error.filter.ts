import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import type { ErrorBody, ErrorCode } from '@knowledge-hub/shared';
import { DomainError } from './domain-error';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'validation_failed',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  503: 'service_unavailable',
};

/** The one place where errors become HTTP answers: always `{statusCode, code, message}`. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = toErrorBody(error);
    if (body.statusCode >= 500) this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    if (res.headersSent) return;
    if (error instanceof DomainError && error.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(error.retryAfterSeconds));
    res.status(body.statusCode).json(body);
  }
}

export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof DomainError) {
    return {
      ...error.details,
      statusCode: error.statusCode,
      code: error.code,
      message: error.message,
      ...(error.issues ? { issues: error.issues } : {}),
    };
  }
  // body-parser errors (malformed JSON, too large) reach us as plain errors with a status.
  const status = error instanceof HttpException ? error.getStatus() : ((error as { status?: number })?.status ?? 500);
  const code = CODE_BY_STATUS[status] ?? 'internal_error';
  if (status >= 500 || code === 'internal_error') {
    return { statusCode: 500, code: 'internal_error', message: 'Something went wrong on the server' };
  }
  let message = error instanceof Error ? error.message : 'Request failed';
  if ((error as { type?: string })?.type === 'entity.parse.failed') message = 'The request body is not valid JSON';
  if (status === 404 && error instanceof HttpException) message = 'No such route';
  return { statusCode: status, code, message };
}

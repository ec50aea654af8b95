import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ErrorCode } from '@jpsp/contracts';
import type { Request } from 'express';
import { TaskError } from '../common/task-error.js';
import { AuthFailure, Authenticator } from './authenticator.js';
import type { Caller } from './caller.js';

export type AuthedRequest = Request & { caller: Caller };

function unauthorized(err: unknown): never {
  if (err instanceof AuthFailure) {
    throw new TaskError(ErrorCode.UNAUTHORIZED, `Unauthorized: ${err.reason}`);
  }
  throw err;
}

/** REST side of the credential check for task routes: an API key or a widget token. */
@Injectable()
export class CallerGuard implements CanActivate {
  constructor(@Inject(Authenticator) private readonly auth: Authenticator) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    req.caller = await this.auth.http(req.headers).catch(unauthorized);
    return true;
  }
}

/** Operations routes (`/metrics`): an API key only, never a token. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(@Inject(Authenticator) private readonly auth: Authenticator) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    try {
      req.caller = this.auth.keyOnly(req.headers);
    } catch (err) {
      unauthorized(err);
    }
    return true;
  }
}

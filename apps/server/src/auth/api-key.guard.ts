import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ErrorCode } from '@jpsp/contracts';
import type { Request } from 'express';
import { TaskError } from '../common/task-error.js';
import { ApiKeyVerifier, keyFromHeaders, type KeyId } from './api-key.js';

export type AuthedRequest = Request & { keyId: KeyId };

/** HTTP side of the API key check (the socket side is the gateway's handshake middleware). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(@Inject(ApiKeyVerifier) private readonly verifier: ApiKeyVerifier) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const keyId = this.verifier.verify(keyFromHeaders(req.headers));
    if (!keyId) {
      throw new TaskError(ErrorCode.UNAUTHORIZED, 'Missing or invalid API key (Authorization: Bearer <key> or X-Api-Key)');
    }
    req.keyId = keyId;
    return true;
  }
}

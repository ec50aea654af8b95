import { ERROR_CODES, HTTP_STATUS_BY_CODE } from '@jpsp/contracts';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { httpStatusOf, toAck, toErrorBody } from './error-mapping.js';
import { TaskError } from './task-error.js';

const log = pino({ level: 'silent' });

describe(toErrorBody.name, () => {
  it.each(ERROR_CODES)('%s keeps its code on both transports, with the status of the contract', async (code) => {
    const err = new TaskError(code, `a ${code}`);
    expect(toErrorBody(err, log)).toEqual({ code, message: `a ${code}` });
    expect(await toAck(log, () => {
      throw err;
    })).toEqual({ ok: false, error: { code, message: `a ${code}` } });
    expect(httpStatusOf(code)).toBe(HTTP_STATUS_BY_CODE[code]);
  });

  it('anything else is INTERNAL with a correlation id, and no detail of the error', () => {
    const body = toErrorBody(new Error('secret detail'), log);
    expect(body).toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/^Internal error \(correlation id [0-9a-f-]{36}\)$/) });
    expect(httpStatusOf(body.code)).toBe(500);
  });
});

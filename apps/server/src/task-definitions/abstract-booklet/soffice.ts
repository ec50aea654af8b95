// LibreOffice for the `pdf` format. Read by the task's validate() on the main thread (to refuse
// `pdf` at submit when it is missing) and by the run module in the worker (to convert).
import { existsSync } from 'node:fs';

/** Where LibreOffice's `soffice` is expected: `JPSP_SOFFICE`, else the Debian/Ubuntu path. */
// The one environment variable of this task; it is only a path, read where it is used because the
// worker thread has no access to the main thread's AppConfig. Documented in the README table.
export const SOFFICE_PATH = process.env.JPSP_SOFFICE || '/usr/bin/soffice';

export function hasSoffice(): boolean {
  return existsSync(SOFFICE_PATH);
}

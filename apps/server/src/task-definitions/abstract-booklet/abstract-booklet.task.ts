import type { FieldError } from '@jpsp/contracts';
// The validator alone: the main thread never loads the writers (docxtemplater, XML, zip).
import { validateEvent } from '@jpsp/booklet/validate';
import type { CapabilityNeed, TaskDefinition } from '../task-definition.js';
import { AbstractBookletInputDto } from './abstract-booklet.dto.js';
import { eventPath } from './booklet-input.js';

/**
 * The abstract booklet: an Indico event export in, the conference's booklet out (ODT, DOCX and,
 * when LibreOffice is installed, PDF). The engine is `@jpsp/booklet`; the work runs in the worker
 * (`abstract-booklet.run.ts`).
 */
export const abstractBookletTask: TaskDefinition = {
  name: 'abstract-booklet',
  title: 'Abstract booklet',
  description:
    'Builds the abstract booklet of an Indico conference (cover, table of contents, sessions per day with ' +
    'their contributions, authors and abstracts, author index) as ODT and DOCX, or PDF when LibreOffice is ' +
    'installed on the server. Input: the export of /export/event/<id>.json?detail=sessions and options.',
  inputDto: AbstractBookletInputDto,
  defaultTimeoutMs: 5 * 60_000,
  // A 2,000-contribution booklet is about 1 MB of ODT, 1.5 MB of DOCX and 6 MB of PDF.
  resultReserveBytes: 16 * 1024 * 1024,
  runModule: new URL('./abstract-booklet.run.js', import.meta.url).href,
  validate(input: unknown): FieldError[] {
    const { event } = input as AbstractBookletInputDto;
    return validateEvent(event).errors.map((e) => ({ path: eventPath(e.path), reason: e.reason }));
  },
  requires(input: unknown): CapabilityNeed[] {
    const { options } = input as AbstractBookletInputDto;
    return options?.formats?.includes('pdf') ? [{ capability: 'soffice', path: 'options.formats', what: 'pdf', instead: 'ask for odt and/or docx' }] : [];
  },
  // Its output depends on its input alone: a run cut short by a node's death can run again.
  repeatable: true,
};

// The real FEL2022 export → model → DOCX (shipped template) → PDF through LibreOffice: nothing of
// the programme is lost.
import { beforeAll, describe } from 'vitest';
import type { BookletModel } from '../src/model.js';
import { writeDocx } from '../src/docx/docx-writer.js';
import { convert, pdfText, requireSoffice } from './support/soffice.js';
import { bookletSections, fel2022Model, itKeepsHeadingsWithTheirText, itKeepsTheWholeProgramme, norm, type BookletSections } from './support/text-checks.js';

const hasSoffice = requireSoffice();

describe.runIf(hasSoffice)('FEL2022 booklet as DOCX through LibreOffice', () => {
  let model: BookletModel;
  let sections: BookletSections;
  let rawText = '';

  beforeAll(async () => {
    model = fel2022Model();
    rawText = await pdfText(await convert(writeDocx(model), 'fel2022.docx', 'pdf'));
    sections = bookletSections(norm(rawText), model);
  });

  itKeepsTheWholeProgramme(() => ({ model, sections }));
  itKeepsHeadingsWithTheirText(() => ({ model, rawText }));
});

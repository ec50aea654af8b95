// Public entry point of @jpsp/booklet: a pure document engine (no Nest, no I/O).
// Indico JSON → validateEvent → buildModel → writeOdt / writeDocx.
export type * from './model.js';
export * from './options.js';
export { validateEvent, type IndicoEvent } from './validate-event.js';
export { buildModel, type BuiltModel } from './build-model.js';
export { parseAbstract } from './markup/markup.js';
export { writeOdt, type OdtWriteOptions } from './odt/odt-writer.js';
export { writeDocx, type DocxWriteOptions } from './docx/docx-writer.js';

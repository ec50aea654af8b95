// Test-only booklet tasks, registered through JPSP_EXTRA_TASKS by the e2e server fixture.
// Same input as abstract-booklet ({ event, options? }); they report progress in steps, then build
// the booklet (see run-booklet.mjs). Plain JS: decorators are applied as functions.
import { IsObject, IsOptional } from 'class-validator';

export class BookletInput {}
IsObject()(BookletInput.prototype, 'event');
IsOptional()(BookletInput.prototype, 'options');
IsObject()(BookletInput.prototype, 'options');

const def = (name, description, defaultTimeoutMs) => ({
  name,
  title: `E2E: ${name}`,
  description,
  inputDto: BookletInput,
  defaultTimeoutMs,
  runModule: new URL(`./run-${name}.mjs`, import.meta.url).href,
});

export default [
  def('e2e-booklet', 'Booklet after ~2 s of progress steps', 60_000),
  def('e2e-slow-booklet', 'Booklet after ~12 s of progress steps (reload, cancel and second-tab tests)', 120_000),
];

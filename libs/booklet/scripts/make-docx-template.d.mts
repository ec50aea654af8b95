// Types of make-docx-template.mjs (for the specs that build organiser-like templates).
export interface TemplateStyleOptions {
  bodyFont?: string;
  headingFont?: string;
  bodySize?: number;
}
export const TEXT_WIDTH: number;
export function esc(text: unknown): string;
export function para(styleId: string, text?: string): string;
export function tag(text: string): string;
export function conditional(tagName: string, paragraphXml: string): string;
export function shippedBody(): string;
export function stylesXml(options?: TemplateStyleOptions): string;
export function fontTableXml(options?: TemplateStyleOptions): string;
export function documentXml(body: string): string;
export function makeDocxTemplate(options?: { body?: string; title?: string } & TemplateStyleOptions): Uint8Array;
export function shippedTemplateModule(bytes: Uint8Array): string;

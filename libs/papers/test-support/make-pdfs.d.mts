export declare const SOFFICE: string;
export interface PageSizeMm { width: string; height: string }
export declare const JACOW_MM: PageSizeMm;
export declare const A4_MM: PageSizeMm;
export declare const LETTER_MM: PageSizeMm;
export declare function fodt(options: { size: PageSizeMm; pages: number; title?: string; figure?: boolean }): string;
export declare function officePdfs<K extends string>(docs: Record<K, string>, options?: { encrypt?: boolean }): Promise<Record<K, Uint8Array>>;
export declare function standard14Pdf(pages?: number): Promise<Uint8Array>;
export declare function type3FigurePdf(): Promise<Uint8Array>;
export declare function annotationFontPdf(): Promise<Uint8Array>;
export declare function withHeaderVersion(bytes: Uint8Array, version: string): Uint8Array;
export declare function truncated(bytes: Uint8Array, fraction?: number): Uint8Array;
export declare const HTML_ERROR_PAGE: Uint8Array;
export declare function noisePng(width: number, height: number, seed?: number): Buffer;

import { describe, expect, it } from 'vitest';
import { LANGS, MESSAGES, resolveLang, translator } from './i18n.js';

describe('i18n', () => {
  it('has every text in every language, with the same placeholders', () => {
    const keys = Object.keys(MESSAGES.en).sort();
    for (const lang of LANGS) {
      expect(Object.keys(MESSAGES[lang]).sort()).toEqual(keys);
      for (const key of keys) {
        const k = key as keyof typeof MESSAGES.en;
        expect(MESSAGES[lang][k].trim(), `${lang}.${key}`).not.toBe('');
        expect(MESSAGES[lang][k].match(/\{\w+\}/g)?.sort(), `${lang}.${key}`).toEqual(MESSAGES.en[k].match(/\{\w+\}/g)?.sort());
      }
    }
  });

  it('has a title and a hint for every failure kind', () => {
    for (const kind of ['event', 'server', 'auth', 'validation', 'failed', 'timeout', 'busy']) {
      expect(MESSAGES.en).toHaveProperty(`${kind}Title`);
      expect(MESSAGES.en).toHaveProperty(`${kind}Hint`);
    }
  });

  it('takes the option, else the page language, else English', () => {
    expect(resolveLang('it', 'en')).toBe('it');
    expect(resolveLang(undefined, 'it-IT')).toBe('it');
    expect(resolveLang('', 'IT')).toBe('it');
    expect(resolveLang('fr', 'de')).toBe('en');
    expect(resolveLang('fr', 'it_CH')).toBe('it');
    expect(resolveLang(null, null)).toBe('en');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    const t = translator('it');
    expect(t('queued', { position: 3 })).toBe('In coda (posizione 3)…');
    expect(t('done')).toContain('{name}');
  });
});

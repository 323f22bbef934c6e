import { describe, expect, it } from 'vitest';
import { errorMessages, formatMessage, messagesFor, negotiateLanguage } from '../../shared/i18n/messages.js';

describe('error messages', () => {
  it('has a Chinese and an English text for every code, with the same placeholders', () => {
    for (const [code, { zh, en }] of Object.entries(errorMessages)) {
      expect(zh, code).toMatch(/\p{Script=Han}/u);
      expect(en, code).toMatch(/^[\x20-\x7E]+$/);
      const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(placeholders(zh), code).toEqual(placeholders(en));
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(messagesFor('DIVISION_NOT_FOUND', { code: '421199000000' }).zh).toContain('421199000000');
    expect(formatMessage('{a} {b}', { a: 1 })).toBe('1 {b}');
  });

  it.each([
    [undefined, 'zh'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh'],
    ['en-US,en;q=0.9', 'en'],
    ['fr-FR,en;q=0.5', 'en'],
    ['ja-JP', 'zh'],
  ])('Accept-Language %s → %s', (header, language) => {
    expect(negotiateLanguage(header)).toBe(language);
  });
});

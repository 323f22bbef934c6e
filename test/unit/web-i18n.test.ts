import { describe, expect, it } from 'vitest';
import { dictionary, formatDateTime, isMessageKey, langTag, readStoredLang, storeLang, t, type MessageKey } from '../../web/src/common/i18n.js';
import { escapeHtml } from '../../web/src/common/html.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('web dictionary', () => {
  it('has non-empty Chinese and English for every key, with the same placeholders', () => {
    const keys = Object.keys(dictionary.zh) as MessageKey[];
    expect(Object.keys(dictionary.en).sort()).toEqual([...keys].sort());
    for (const key of keys) {
      expect(dictionary.zh[key].trim(), key).not.toBe('');
      expect(dictionary.en[key].trim(), key).not.toBe('');
      expect(placeholders(dictionary.zh[key]), key).toEqual(placeholders(dictionary.en[key]));
    }
  });

  it('keeps English strings free of Chinese, except the language switch label', () => {
    for (const [key, text] of Object.entries(dictionary.en)) {
      if (key === 'lang.zh') continue;
      expect(text, key).not.toMatch(/\p{Script=Han}/u);
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(t('zh', 'find.societyName', { name: '罗田县' })).toBe('罗田县红十字会');
    expect(t('en', 'find.loaded', { name: '黄冈市' })).toBe('黄冈市: {count} divisions');
  });

  it('recognises keys read from the DOM', () => {
    expect(isMessageKey('section.branches')).toBe(true);
    expect(isMessageKey('toString')).toBe(false);
    expect(isMessageKey(undefined)).toBe(false);
  });
});

describe('language choice', () => {
  function memoryStorage(initial?: string) {
    const values = new Map<string, string>(initial === undefined ? [] : [['boai.lang', initial]]);
    return {
      getItem: (key: string) => values.get(key) ?? null,
      setItem: (key: string, value: string) => void values.set(key, value),
    };
  }

  it('defaults to Chinese, including for unknown or unreadable stored values', () => {
    expect(readStoredLang(memoryStorage())).toBe('zh');
    expect(readStoredLang(memoryStorage('fr'))).toBe('zh');
    expect(readStoredLang({ getItem: () => { throw new Error('blocked'); } })).toBe('zh');
    expect(readStoredLang(undefined)).toBe('zh');
  });

  it('remembers English', () => {
    const storage = memoryStorage();
    storeLang('en', storage);
    expect(readStoredLang(storage)).toBe('en');
    expect(langTag('en')).toBe('en');
    expect(langTag('zh')).toBe('zh-CN');
  });

  it('survives storage that throws on write', () => {
    expect(() => storeLang('en', { setItem: () => { throw new Error('quota'); } })).not.toThrow();
  });
});

describe('formatDateTime', () => {
  it('shows instants in Asia/Shanghai whatever the machine zone', () => {
    // 16:30 UTC on 1 January is 00:30 on 2 January in Beijing.
    expect(formatDateTime('2026-01-01T16:30:00Z', 'zh')).toBe('2026/1/2 00:30');
    expect(formatDateTime('2026-01-01T16:30:00Z', 'en')).toBe('2 Jan 2026, 00:30');
  });

  it('returns an invalid value unchanged rather than "Invalid Date"', () => {
    expect(formatDateTime('not a date', 'zh')).toBe('not a date');
  });
});

describe('escapeHtml', () => {
  it('escapes markup and quotes', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
  });
});

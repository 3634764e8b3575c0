import { describe, expect, it } from 'vitest';
import { CATALOGS, LANGS, placeholdersOf, translate, interpolate } from '../../src/i18n';
import { EN_MODULES, en, zh } from '../../src/i18n/all';

describe('i18n catalogs', () => {
  it('English and Chinese have exactly the same keys', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });

  it('no message key is defined by two message modules', () => {
    const seen = new Map<string, string>();
    for (const [module, messages] of Object.entries(EN_MODULES)) {
      for (const key of Object.keys(messages)) {
        expect(seen.get(key), `${key} is in ${seen.get(key)} and ${module}`).toBeUndefined();
        seen.set(key, module);
      }
    }
    expect(seen.size).toBe(Object.keys(en).length);
  });

  it('every language in LANGS has a catalog with the keys of English', () => {
    for (const lang of LANGS) expect(Object.keys(CATALOGS[lang]).sort()).toEqual(Object.keys(en).sort());
  });

  it('no message is empty or only whitespace in any language', () => {
    for (const lang of LANGS) {
      for (const [key, text] of Object.entries(CATALOGS[lang])) {
        expect(typeof text, `${lang} ${key}`).toBe('string');
        expect(text.trim(), `${lang} ${key}`).not.toBe('');
      }
    }
  });

  it('each Chinese message has the same placeholders as its English one', () => {
    for (const key of Object.keys(en) as (keyof typeof en & string)[]) {
      expect(placeholdersOf(zh[key]), key).toEqual(placeholdersOf(en[key]));
    }
  });

  it('the Chinese catalog uses the lectures\u2019 terms for the core ideas', () => {
    const all = Object.values(zh).join('\n');
    for (const term of ['自注意力', '交叉注意力', '遮罩', '编码器', '解码器', '位置编码', '多头注意力', '残差', '层归一化']) {
      expect(all, term).toContain(term);
    }
  });
});

describe('translate', () => {
  it('fills named placeholders with the values given', () => {
    expect(translate('en', 'trace.group.encLayer', { layer: 1 })).toBe('Encoder layer 1');
    expect(translate('zh', 'trace.group.encLayer', { layer: 1 })).toBe('编码器第 1 层');
  });

  it('returns a plain message unchanged', () => {
    expect(translate('en', 'app.title')).toBe('seq2seq-lab');
  });

  it('leaves a placeholder without a value as written', () => {
    expect(interpolate('a {x} b {y}', { x: 1 })).toBe('a 1 b {y}');
  });

  it('does not read placeholders from the object prototype', () => {
    expect(interpolate('{toString}', {})).toBe('{toString}');
  });
});

describe('the catalog parts of lazily loaded pages', () => {
  it('the first load carries only the eager parts; every other key comes from a part that a page registers', async () => {
    const { EAGER_EN } = await import('../../src/i18n/en');
    const { labsEn } = await import('../../src/i18n/messages/labs');
    const { decodingEn } = await import('../../src/i18n/messages/decoding');
    for (const key of [...Object.keys(labsEn), ...Object.keys(decodingEn)]) expect(key in EAGER_EN, key).toBe(false);
    expect('labs.nav.norm' in EAGER_EN).toBe(true); // the navigation names every page before it loads
    expect('tour.forced.note' in EAGER_EN).toBe(true); // the tour's notes of a forced prefix
  });

  it('a key whose part was never registered is said on the console and shown as the key, not as undefined', async () => {
    const { messageOf } = await import('../../src/i18n');
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args.join(' '));
    try {
      expect(messageOf('zh', 'nowhere.key' as never)).toBe('nowhere.key');
    } finally {
      console.error = original;
    }
    expect(errors).toEqual(['i18n: no message nowhere.key (its part of the catalog was not registered)']);
  });
});

/**
 * Wording the catalogs must keep (issue 8 §7): one English spelling, no "token(s)",
 * and the Chinese terms of the lecture notes instead of near misses.
 */
import { describe, expect, it } from 'vitest';
import { en, zh } from '../../src/i18n/all';

const entries = (catalog: Record<string, string>) => Object.entries(catalog);

describe('catalog wording', () => {
  it('English spells normalization and normalizing with z, and never writes “token(s)”', () => {
    for (const [key, text] of entries(en)) {
      expect(text, key).not.toMatch(/normalis/i);
      expect(text, key).not.toMatch(/\(s\)/);
      expect(text, key).not.toMatch(/long vectors/);
    }
  });

  it('Chinese uses the lecture notes’ terms', () => {
    const banned: [RegExp, string][] = [
      [/遮罩语言模型/, '掩码语言模型'],
      [/多头注意力中的自注意力/, '多头自注意力'],
      [/散布/, '标准差'],
      [/名称怎么读/, '名称说明'],
      [/（scaled：/, '（缩放：'],
      [/前向传播之旅/, '前向传播逐步演示'],
      [/这部分已从头开始/, '这部分已恢复默认'],
      [/最长路径/, '最大路径长度'],
      [/长向量/, '高维向量'],
      [/当作一个集合/, '无序的词袋'],
    ];
    for (const [key, text] of entries(zh)) {
      for (const [bad, good] of banned) expect(text, `${key}: write ${good}`).not.toMatch(bad);
    }
    expect(zh['tour.step.append.text']).toContain('教师强制');
    expect(zh['tour.step.probs.text']).toContain('集束搜索');
    expect(zh['labs.bert.heading']).toContain('掩码语言模型');
  });

  it('Chinese parentheses have no space just inside them', () => {
    for (const [key, text] of entries(zh)) expect(text, key).not.toMatch(/（\s|\s）/);
  });
});

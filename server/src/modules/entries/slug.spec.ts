import { slugify } from './slug';

describe('slugify', () => {
  const table: [string, string][] = [
    ['Omicron transmission', 'omicron-transmission'],
    ['  Crème brûlée: a Study!  ', 'creme-brulee-a-study'],
    ['奥密克戎变异株', 'aomikerong-bianyi-zhu'],
    // 62 characters: the last word does not fit and goes.
    ['疫苗接种与重症风险：一项系统综述', 'yimiao-jiezhong-yu-zhongzheng-fengxian-yixiang-xitong'],
    ['新冠病毒 Omicron 变异株 BA.2 概述', 'xinguan-bingdu-omicron-bianyi-zhu-ba-2-gaishu'],
    ['mRNA疫苗', 'mrna-yimiao'],
    ['绿色', 'luse'],
    ['Ｏｍｉｃｒｏｎ（全角）', 'omicron-quanjiao'],
    ['🦠🦠', 'entry'],
    ['', 'entry'],
  ];
  it.each(table)('%j → %s', (title, slug) => {
    expect(slugify(title)).toBe(slug);
  });

  it('cuts a long slug at the last word boundary that fits, never inside a word', () => {
    const title = 'The long-term effects of repeated vaccination on immune imprinting in older adults';
    const slug = slugify(title);
    expect(slug).toBe('the-long-term-effects-of-repeated-vaccination-on-immune');
    expect(slug.length).toBeLessThanOrEqual(60);
    expect(title.toLowerCase().replace(/[^a-z]+/g, '-')).toMatch(new RegExp(`^${slug}-`));
  });

  it('cuts a long Chinese title between words', () => {
    const slug = slugify('严重急性呼吸综合征冠状病毒2型在不同年龄人群中的传播动力学与疫苗接种策略的系统评价');
    expect(slug).toBe('yanzhong-jixing-huxi-zonghe-zheng-guanzhuang-bingdu-2');
    expect(slug.length).toBeLessThanOrEqual(60);
  });

  it('cuts a single word longer than the limit at the limit', () => {
    expect(slugify('a'.repeat(80))).toBe('a'.repeat(60));
  });
});

import { type SearchEntry, SearchIndex, withinOneEdit } from './catalog.search';

function entry(itemCode: string, name: string, extra: Partial<SearchEntry> = {}): SearchEntry {
  return { itemCode, name, aliases: [], keywords: [], departmentCode: 'D', departmentName: '人社局', category: '社保', lifeEvents: [], modes: [], popularity: 0, ...extra };
}

const index = new SearchIndex(
  [
    entry('A', '生育津贴申领', { aliases: ['生育保险待遇'], popularity: 50 }),
    entry('B', '出生医学证明办理', { category: '卫健' }),
    entry('C', '基本养老金申领', { aliases: ['退休待遇申领'], popularity: 80 }),
    entry('D', '社会保障卡挂失', { aliases: ['社保卡挂失'] }),
    entry('E', '社会保障卡补换', { aliases: ['社保卡补换'], keywords: ['补卡'] }),
    entry('F', '失业保险金申领', { keywords: ['失业'] }),
  ],
  [
    { term: '生孩子', expandsTo: ['生育', '出生'] },
    { term: '退休金', expandsTo: ['养老金'] },
    { term: '社保卡丢了', expandsTo: ['社保卡挂失', '社保卡补换'] },
  ],
);

const codes = (q: string) => index.search(q).map((h) => h.entry.itemCode);

describe('SearchIndex', () => {
  it('ranks an exact name above a partial match', () => {
    expect(codes('生育津贴申领')[0]).toBe('A');
    expect(codes('申领')).toEqual(expect.arrayContaining(['A', 'C', 'F']));
  });

  it('matches full pinyin and pinyin initials', () => {
    expect(codes('shengyujintie')[0]).toBe('A');
    expect(codes('syjt')[0]).toBe('A');
    expect(index.search('sbkgs')[0]).toMatchObject({ entry: { itemCode: 'D' }, matchedBy: '拼音首字母' });
  });

  it("maps residents' words through the synonym table", () => {
    expect(codes('生孩子')).toEqual(expect.arrayContaining(['A', 'B']));
    expect(index.search('退休金')[0]).toMatchObject({ entry: { itemCode: 'C' }, matchedBy: '同义词“退休金”' });
    expect(codes('我的社保卡丢了').slice(0, 2).sort()).toEqual(['D', 'E']);
  });

  it('tolerates one typo in pinyin and a wrong character in Chinese', () => {
    expect(codes('shengyijintie')[0]).toBe('A');
    expect(codes('失业保险申领')[0]).toBe('F');
  });

  it('finds nothing for nonsense', () => {
    expect(codes('zzzzqqq')).toEqual([]);
    expect(codes('   ')).toEqual([]);
  });

  it('withinOneEdit counts one substitution, insertion or deletion', () => {
    expect(withinOneEdit('abcd', 'abxd')).toBe(true);
    expect(withinOneEdit('abcd', 'abd')).toBe(true);
    expect(withinOneEdit('abcd', 'xbxd')).toBe(false);
  });
});

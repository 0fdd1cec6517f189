import Taro from '@tarojs/taro';

/*
 * The 查询码 is shown once, when the draft is created (the API keeps only its hash). This phone
 * remembers it per case so the success page and the case page can show it again.
 */
const KEY = 'hz.applyQueryCodes';
const KEEP = 50;

type Remembered = Record<string, { applicationNo: string; queryCode: string; at: number }>;

function readAll(): Remembered {
  try {
    const value: unknown = Taro.getStorageSync(KEY);
    return value && typeof value === 'object' ? (value as Remembered) : {};
  } catch {
    return {};
  }
}

export function rememberQueryCode(id: string, applicationNo: string, queryCode: string): void {
  const all = readAll();
  all[id] = { applicationNo, queryCode, at: Date.now() };
  const kept = Object.entries(all)
    .sort((a, b) => b[1].at - a[1].at)
    .slice(0, KEEP);
  try {
    Taro.setStorageSync(KEY, Object.fromEntries(kept));
  } catch {
    // Storage full or private mode: the code was shown once, which is what the API promises.
  }
}

export function rememberedQueryCode(id: string): string | null {
  return readAll()[id]?.queryCode ?? null;
}

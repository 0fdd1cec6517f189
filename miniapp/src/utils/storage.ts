import Taro from '@tarojs/taro';

/** Every Taro storage key the app uses, in one place so none collide. */
export const STORAGE_KEYS = {
  residentToken: 'hz.token',
  residentTokenExpiresAt: 'hz.tokenExpiresAt',
  staffToken: 'hz.staffToken',
  staffTokenExpiresAt: 'hz.staffTokenExpiresAt',
  staffProfile: 'hz.staffProfile',
  elderMode: 'hz.elderMode',
  simOpenid: 'hz.simOpenid',
  myTickets: 'hz.myTickets',
  staffWindow: 'hz.staffWindow',
  subscribeCatalogue: 'hz.subscribeCatalogue',
} as const;

export type StorageKey = (typeof STORAGE_KEYS)[keyof typeof STORAGE_KEYS];

// Storage can throw (quota, private mode on H5); losing a preference must not break a page.
export function readStorage(key: StorageKey): unknown {
  try {
    const value: unknown = Taro.getStorageSync(key);
    // Taro answers '' for a missing key.
    return value === '' ? null : value;
  } catch {
    return null;
  }
}

export function readString(key: StorageKey): string | null {
  const value = readStorage(key);
  return typeof value === 'string' && value !== '' ? value : null;
}

export function writeStorage(key: StorageKey, value: string | boolean | object): void {
  try {
    Taro.setStorageSync(key, value);
  } catch {
    // Nothing useful to tell the person; the value simply won't be remembered.
  }
}

export function removeStorage(key: StorageKey): void {
  try {
    Taro.removeStorageSync(key);
  } catch {
    // See writeStorage.
  }
}

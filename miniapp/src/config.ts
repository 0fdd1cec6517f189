/** Build-time settings, injected by config/index.ts (defineConstants). */
export const API_BASE: string = HZ_API_BASE;
export const LOGIN_PROVIDER: string = HZ_LOGIN_PROVIDER;
export const APP_VERSION: string = HZ_APP_VERSION;
export const IS_H5 = process.env.TARO_ENV === 'h5';
export const IS_WEAPP = process.env.TARO_ENV === 'weapp';

/** Slower than this and the person is better off told to retry than left staring at a spinner. */
export const REQUEST_TIMEOUT_MS = 15_000;

import Taro from '@tarojs/taro';
import { IS_H5, LOGIN_PROVIDER } from '../config';
import { ApiError } from '../api/errors';
import { randomHex } from '../utils/random';
import { STORAGE_KEYS, readString, writeStorage } from '../utils/storage';

/**
 * Where login and phone codes come from. The mini-program asks WeChat; H5 has no WeChat, so in
 * development it uses the WeChat simulator's magic codes `sim:<openid>` (specs/wechat-miniprogram.md §8)
 * with an openid remembered on this browser, so the same person comes back after a reload.
 */
export const usesSimulator = IS_H5 && LOGIN_PROVIDER === 'wechat-sim';

export function simulatedOpenid(): string {
  const existing = readString(STORAGE_KEYS.simOpenid);
  if (existing) return existing;
  const openid = `sim-${randomHex(12)}`;
  writeStorage(STORAGE_KEYS.simOpenid, openid);
  return openid;
}

function unsupported(): ApiError {
  return new ApiError({
    code: 'FORBIDDEN',
    message: '网页版暂不支持微信登录，请在微信小程序中使用',
    status: 0,
    requestId: null,
  });
}

/** A single-use login code for POST /api/v1/auth/wechat-login. */
export async function getLoginCode(): Promise<string> {
  if (usesSimulator) return `sim:${simulatedOpenid()}`;
  if (IS_H5) throw unsupported();
  try {
    const { code } = await Taro.login();
    if (code) return code;
  } catch {
    // Fall through: WeChat could not issue a code (offline, or the app went to background).
  }
  throw new ApiError({ code: 'WECHAT_CODE_INVALID', message: '微信登录失败，请稍后重试', status: 0, requestId: null });
}

/** H5 only: the phone code the simulator accepts. In the mini-program it comes from the button event. */
export function getSimulatedPhoneCode(): string {
  if (!usesSimulator) throw unsupported();
  return `sim:${simulatedOpenid()}`;
}

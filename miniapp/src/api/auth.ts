import { wechatLoginResult, type WechatLoginResult } from '@haizhu/shared-types';
import { z } from 'zod';
import { apiRequest } from './client';

/** Exchanges a wx.login code (or `sim:<openid>` on H5) for our own session token. */
export function wechatLogin(code: string): Promise<WechatLoginResult> {
  return apiRequest({
    method: 'POST',
    path: '/api/v1/auth/wechat-login',
    auth: 'none',
    body: { code },
    schema: wechatLoginResult,
    idempotent: true,
  });
}

/** Ends the resident session on the server; the caller clears the local token either way. */
export async function logout(): Promise<void> {
  await apiRequest({ method: 'POST', path: '/api/v1/auth/logout', auth: 'resident', schema: z.unknown() });
}

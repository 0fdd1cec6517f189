import { randomBytes } from 'node:crypto';

/**
 * WeChat errcodes the simulator can answer with (spec §1, §3–§6).
 * Messages are the observed prefixes; clients must branch on the number only.
 */
export const ERRMSG: Readonly<Record<number, string>> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40013: 'invalid appid',
  40014: 'invalid access_token',
  40029: 'invalid code',
  40037: 'invalid template_id',
  40066: 'invalid url',
  40125: 'invalid appsecret',
  40129: 'invalid scene',
  40163: 'code been used',
  40164: 'invalid ip, not in whitelist',
  40226: 'code blocked',
  41001: 'access_token missing',
  41002: 'appid missing',
  41004: 'appsecret missing',
  41008: 'missing code',
  41030: 'invalid page',
  42001: 'access_token expired',
  43001: 'require GET method',
  43002: 'require POST method',
  43101: 'user refuse to accept the msg',
  43104: 'appid not match openid',
  43302: 'http method error',
  44002: 'empty post data',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit mustslower retry next minute',
  47001: 'data format error',
  47003: 'argument invalid!',
  48001: 'api unauthorized',
  61010: 'user access expired',
};

/** A reply body as WeChat sends it: always a JSON object. */
export type WechatBody = Record<string, unknown>;

const RID_SUFFIX = / rid: [0-9a-f]+-[0-9a-f]+-[0-9a-f]+$/;

/** Request id in the production shape `668f2aa4-51c08c03-3d141241` (first part: unix seconds in hex). */
export function requestId(nowMs: number): string {
  const seconds = Math.floor(nowMs / 1000).toString(16).padStart(8, '0');
  return `${seconds}-${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`;
}

/** Appends the production `, rid: …` suffix unless the message already ends with one. */
export function withRequestId(message: string, nowMs: number): string {
  return RID_SUFFIX.test(message) ? message : `${message}, rid: ${requestId(nowMs)}`;
}

/** Builds an error body; `detail` replaces the default message (e.g. 47003 names the offending key). */
export function errorBody(errcode: number, nowMs: number, detail?: string): WechatBody {
  const message = detail ?? ERRMSG[errcode] ?? 'simulated fault';
  return { errcode, errmsg: withRequestId(message, nowMs) };
}

/** A handler outcome that is an error. */
export class WechatError extends Error {
  constructor(
    readonly errcode: number,
    readonly detail?: string,
  ) {
    super(detail ?? ERRMSG[errcode] ?? `errcode ${errcode}`);
  }
}

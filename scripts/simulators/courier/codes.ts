/**
 * Gateway (`apiResultCode`) and business (`apiResultData.errorCode`) codes of §1 and §3.3.
 * Only A1000 and S0000 are confirmed; the rest follow the spec's (unconfirmed) tables, and clients
 * must branch on `success`, 8016 and the retryable set only.
 */
import { randomBytes } from 'node:crypto';

export const GATEWAY_MESSAGES: Readonly<Record<string, string>> = {
  A1000: '',
  A1001: '必传参数不可为空',
  A1002: '请求时效已过期',
  A1003: 'IP无效',
  A1004: '无对应服务权限',
  A1005: '流量受控',
  A1006: '数字签名无效',
  A1007: '重复请求',
  A1008: '数据解密失败',
  A1009: '目标服务异常或不可达',
  A1099: '系统异常',
};

export const BUSINESS_MESSAGES: Readonly<Record<string, string>> = {
  S0000: '',
  '8016': '重复下单',
  '8018': '未找到订单',
  '9001': '参数校验失败',
  '9002': '订单已揽收，不能取消',
  '9099': '系统繁忙，请稍后再试',
};

/** A §1 response; `apiResultData` is the business result serialised once more (a JSON string). */
export interface GatewayReply {
  apiResultCode: string;
  apiErrorMsg: string;
  apiResponseID: string;
  apiResultData: string | null;
}

/** 32 uppercase hex characters, the first 12 the time (like the `000180F7A6C3…` of the spec). */
export function responseId(nowMs: number): string {
  return (Math.floor(nowMs).toString(16).padStart(12, '0').slice(-12) + randomBytes(10).toString('hex')).toUpperCase();
}

export function gatewayReply(code: string, nowMs: number, message?: string): GatewayReply {
  return { apiResultCode: code, apiErrorMsg: message ?? GATEWAY_MESSAGES[code] ?? '', apiResponseID: responseId(nowMs), apiResultData: null };
}

/** A1000 wrapping a business result. */
export function businessReply(result: BusinessResult, nowMs: number): GatewayReply {
  return { ...gatewayReply('A1000', nowMs), apiResultData: JSON.stringify(result) };
}

export interface BusinessResult {
  success: boolean;
  errorCode: string;
  errorMsg: string | null;
  msgData: unknown;
}

export function businessSuccess(msgData: unknown): BusinessResult {
  return { success: true, errorCode: 'S0000', errorMsg: null, msgData };
}

export function businessFailure(errorCode: string, errorMsg?: string): BusinessResult {
  return { success: false, errorCode, errorMsg: errorMsg ?? BUSINESS_MESSAGES[errorCode] ?? '业务异常', msgData: null };
}

/** A business outcome other than success, thrown by service handlers. */
export class BusinessError extends Error {
  constructor(
    readonly errorCode: string,
    readonly errorMsg?: string,
  ) {
    super(errorMsg ?? BUSINESS_MESSAGES[errorCode] ?? errorCode);
  }
}

/** A gateway refusal (A1001…), thrown before any service runs. */
export class GatewayError extends Error {
  constructor(
    readonly code: string,
    readonly detail?: string,
  ) {
    super(detail ?? GATEWAY_MESSAGES[code] ?? code);
  }
}

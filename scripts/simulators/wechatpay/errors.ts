/**
 * The common error model (spec §4): `{code, message, detail?}` with the HTTP status carrying the
 * class of failure. Clients branch on status + code; messages are the Chinese texts WeChat Pay
 * uses where known and readable stand-ins elsewhere.
 */

export const ERROR_STATUS: Readonly<Record<string, number>> = {
  PARAM_ERROR: 400,
  INVALID_REQUEST: 400,
  APPID_MCHID_NOT_MATCH: 400,
  MCH_NOT_EXISTS: 400,
  ORDER_CLOSED: 400,
  ORDER_PAID: 400,
  NO_STATEMENT_EXIST: 400,
  SIGN_ERROR: 401,
  NO_AUTH: 403,
  OUT_TRADE_NO_USED: 403,
  NOT_ENOUGH: 403,
  RULE_LIMIT: 403,
  TRADE_ERROR: 403,
  ACCOUNT_ERROR: 403,
  USER_ACCOUNT_ABNORMAL: 403,
  ORDER_NOT_EXIST: 404,
  RESOURCE_NOT_EXISTS: 404,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  FREQUENCY_LIMITED: 429,
  SYSTEM_ERROR: 500,
  BANK_ERROR: 500,
  OPENID_MISMATCH: 500,
};

export const ERROR_MESSAGE: Readonly<Record<string, string>> = {
  PARAM_ERROR: '参数错误',
  INVALID_REQUEST: '无效请求',
  APPID_MCHID_NOT_MATCH: 'appid和mch_id不匹配',
  MCH_NOT_EXISTS: '商户号不存在',
  ORDER_CLOSED: '订单已关闭',
  ORDER_PAID: '订单已支付',
  NO_STATEMENT_EXIST: '账单文件不存在',
  SIGN_ERROR: '签名错误',
  NO_AUTH: '商户无权限',
  OUT_TRADE_NO_USED: '商户订单号重复',
  NOT_ENOUGH: '余额不足',
  RULE_LIMIT: '业务规则限制',
  TRADE_ERROR: '交易错误',
  ACCOUNT_ERROR: '账号异常',
  USER_ACCOUNT_ABNORMAL: '退款请求失败',
  ORDER_NOT_EXIST: '订单不存在',
  RESOURCE_NOT_EXISTS: '资源不存在',
  NOT_FOUND: '请求的资源不存在',
  METHOD_NOT_ALLOWED: '请求方法不被允许',
  FREQUENCY_LIMITED: '频率超限',
  SYSTEM_ERROR: '系统错误',
  BANK_ERROR: '银行系统异常',
  OPENID_MISMATCH: 'openid和appid不匹配',
};

/** The HTTP status a code is answered with by default (unknown codes: 400). */
export function statusOf(code: string): number {
  return ERROR_STATUS[code] ?? 400;
}

export type ErrorBody = { code: string; message: string; detail?: Record<string, unknown> };

/** A handler outcome that is an error; answered as `{code, message, detail?}` with `status`. */
export class PayError extends Error {
  readonly status: number;

  constructor(
    readonly code: string,
    message?: string,
    readonly detail?: Record<string, unknown>,
    status?: number,
  ) {
    super(message ?? ERROR_MESSAGE[code] ?? code);
    this.status = status ?? statusOf(code);
  }

  body(): ErrorBody {
    return { code: this.code, message: this.message, ...(this.detail ? { detail: this.detail } : {}) };
  }
}

/** 400 PARAM_ERROR naming the JSON pointer of the bad field (`/amount/total`), as WeChat Pay does. */
export function paramError(field: string, issue: string, value?: unknown, location: 'body' | 'query' | 'path' | 'header' = 'body'): PayError {
  return new PayError('PARAM_ERROR', '参数错误', { field, ...(value === undefined ? {} : { value }), issue, location });
}

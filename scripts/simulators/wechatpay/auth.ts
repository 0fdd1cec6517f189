/**
 * The receiving side of §2: every `/v3/*` request must carry an Authorization signed by a
 * configured merchant over the exact five-line message. Checked before routing, so a request
 * whose method or path was altered after signing fails here rather than as a 404.
 */
import type { Merchant } from './config';
import { PayError } from './errors';
import { parseAuthorization, requestSignMessage, rsaVerify } from './signing';
import type { AuthRecord, SimState } from './state';

export const STALE_TIMESTAMP_MESSAGE = 'Http头Authorization中的timestamp与发起请求的时间不得超过5分钟';
const MAX_NONCE_CHARS = 32;
/** sign_information.truncated_sign_message shows the message up to here, like the observed shape. */
const TRUNCATED_MESSAGE_CHARS = 128;

export interface AuthInput {
  method: string;
  /** Path + query exactly as received. */
  canonicalUrl: string;
  authorization: string | undefined;
  body: Buffer;
}

export type AuthOutcome = { ok: true; merchant: Merchant } | { ok: false; error: PayError };

function signError(message: string, issue: string, record: AuthRecord, extra: Record<string, unknown> = {}): AuthOutcome {
  record.ok = false;
  record.reason = issue;
  return { ok: false, error: new PayError('SIGN_ERROR', message, { field: 'authorization', location: 'header', detail: { issue }, ...extra }) };
}

export function authenticate(state: SimState, input: AuthInput, record: AuthRecord): AuthOutcome {
  const parsed = parseAuthorization(input.authorization);
  if (!parsed.ok) return signError('Http头Authorization值格式错误，请参考《微信支付商户REST API签名规则》', parsed.reason, record);
  const { parts } = parsed;
  record.mchid = parts.mchid;

  const merchant = state.config.merchants.get(parts.mchid);
  if (!merchant) return signError('商户号不存在或未配置', `unknown mchid ${parts.mchid}`, record);
  if (parts.serial_no.toUpperCase() !== merchant.serialNo) return signError('商户证书序列号有误，请确认证书序列号是否正确', `unknown serial_no ${parts.serial_no}`, record);
  const nowSec = Math.floor(state.now() / 1000);
  if (!/^\d{1,12}$/.test(parts.timestamp) || Math.abs(nowSec - Number(parts.timestamp)) > state.config.authSkewSec) {
    return signError(STALE_TIMESTAMP_MESSAGE, `timestamp ${parts.timestamp} is more than ${state.config.authSkewSec} s from server time ${nowSec}`, record);
  }
  if (parts.nonce_str.length > MAX_NONCE_CHARS) return signError('Http头Authorization中的nonce_str长度不能超过32', 'nonce_str longer than 32 characters', record);

  const message = requestSignMessage(input.method, input.canonicalUrl, parts.timestamp, parts.nonce_str, input.body);
  const text = message.toString('utf8');
  record.message = text;
  if (!rsaVerify(merchant.publicKey, message, parts.signature)) {
    return signError('签名错误，请检查后再试', 'sign not match', record, {
      field: 'signature',
      location: 'authorization',
      sign_information: { method: input.method, sign_message_length: message.length, truncated_sign_message: text.slice(0, TRUNCATED_MESSAGE_CHARS) },
    });
  }
  record.ok = true;
  return { ok: true, merchant };
}

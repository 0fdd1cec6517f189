import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { AppError } from '../../../common/errors';
import { Platform } from '../../../common/platform';
import type { SubscribeMessage, WechatApi, WechatPhone, WechatSession } from './wechat.port';

interface WechatBody {
  errcode?: number;
  errmsg?: string;
  [key: string]: unknown;
}

const TOKEN_ERRORS = new Set([40001, 40014, 42001]);
const CONFIG_ERRORS = new Set([40013, 40125, 40164, 48001]);
/** subscribe/send answers that are final for that message (§5): the caller records them, nothing retries. */
const SEND_OUTCOMES = new Set([40003, 40037, 41030, 43101, 47003]);

/**
 * The WeChat open-API adapter. Production and the simulator share this code: only the base URL
 * and credentials differ. It branches on `errcode` only (errmsg text varies), keeps the stable
 * access token cached with the spec's 300 s margin, and never logs session_key or tokens.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class WechatClient implements WechatApi {
  @Inject()
  platform!: Platform;

  private token: { value: string; refreshAt: number } | null = null;

  async code2Session(code: string): Promise<WechatSession> {
    const { appid, secret } = this.platform.config.wechat;
    const query = new URLSearchParams({ appid, secret, js_code: code, grant_type: 'authorization_code' });
    const body = await this.call('jscode2session', `/sns/jscode2session?${query}`, { method: 'GET' });
    const openid = body.openid;
    if (typeof openid !== 'string' || !openid) throw this.unavailable('jscode2session returned no openid');
    return { openid, unionid: typeof body.unionid === 'string' ? body.unionid : null };
  }

  async phoneNumber(code: string, openid: string): Promise<WechatPhone> {
    const body = await this.withToken('getuserphonenumber', (token) =>
      this.call('getuserphonenumber', `/wxa/business/getuserphonenumber?access_token=${encodeURIComponent(token)}`, {
        method: 'POST',
        body: JSON.stringify({ code, openid }),
      }),
    );
    const info = body.phone_info as { purePhoneNumber?: string; countryCode?: string | number; watermark?: { appid?: string } } | undefined;
    if (!info?.purePhoneNumber) throw this.unavailable('getuserphonenumber returned no phone_info');
    if (info.watermark?.appid !== this.platform.config.wechat.appid) {
      this.platform.logger.error('wechat phone watermark appid mismatch', { endpoint: 'getuserphonenumber' });
      throw new AppError('WECHAT_CODE_INVALID');
    }
    return { purePhoneNumber: info.purePhoneNumber, countryCode: String(info.countryCode ?? '86') };
  }

  /**
   * subscribeMessage.send (§5). Its final answers come back as an errcode (0 sent, 43101 no consent,
   * 47003/40037/41030/40003 a message WeChat will never take); being busy, over quota, unreachable or
   * refused a token twice throws, so a job can try again later.
   */
  async sendSubscribeMessage(message: SubscribeMessage): Promise<{ errcode: number }> {
    const body = await this.withToken('subscribe_send', (token) =>
      this.call(
        'subscribe_send',
        `/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`,
        {
          method: 'POST',
          body: JSON.stringify({ touser: message.openid, template_id: message.templateId, page: message.page ?? undefined, data: message.data, lang: 'zh_CN' }),
        },
        SEND_OUTCOMES,
      ),
    );
    return { errcode: Number(body.errcode ?? 0) };
  }

  /** Runs a business call with the access token; on a token error refreshes once and retries once. */
  private async withToken(endpoint: string, call: (token: string) => Promise<WechatBody>): Promise<WechatBody> {
    try {
      return await call(await this.accessToken());
    } catch (err) {
      if (!(err instanceof TokenRejected)) throw err;
      this.platform.logger.warn('wechat access token rejected; refreshing once', { endpoint });
      this.token = null;
      try {
        return await call(await this.accessToken());
      } catch (again) {
        // A fresh token refused too: WeChat's side (or our appid's) is wrong, not the resident's request.
        if (again instanceof TokenRejected) throw this.unavailable(`${endpoint}: a fresh access token was refused`);
        throw again;
      }
    }
  }

  private async accessToken(): Promise<string> {
    const now = Date.now();
    if (this.token && now < this.token.refreshAt) return this.token.value;
    const { appid, secret } = this.platform.config.wechat;
    const body = await this.call('stable_token', '/cgi-bin/stable_token', {
      method: 'POST',
      body: JSON.stringify({ grant_type: 'client_credential', appid, secret, force_refresh: false }),
    });
    const value = body.access_token;
    const expiresIn = Number(body.expires_in);
    if (typeof value !== 'string' || !Number.isFinite(expiresIn)) throw this.unavailable('stable_token returned no token');
    this.token = { value, refreshAt: now + Math.max(0, expiresIn - 300) * 1000 };
    return value;
  }

  /** One HTTP exchange with retries for errcode -1 and network failures (3 attempts, backoff); `outcomes` are errcodes answered, not thrown. */
  private async call(endpoint: string, path: string, init: { method: string; body?: string }, outcomes?: ReadonlySet<number>): Promise<WechatBody> {
    const { apiBase, timeoutMs } = this.platform.config.wechat;
    let lastProblem = '';
    for (let attempt = 1; attempt <= 3; attempt++) {
      if (attempt > 1) await sleep(100 * 2 ** (attempt - 2));
      let body: WechatBody;
      try {
        const res = await fetch(apiBase.replace(/\/$/, '') + path, {
          method: init.method,
          body: init.body,
          headers: init.body ? { 'content-type': 'application/json' } : undefined,
          signal: AbortSignal.timeout(timeoutMs),
        });
        if (!res.ok) {
          lastProblem = `HTTP ${res.status}`;
          continue;
        }
        body = (await res.json()) as WechatBody;
      } catch (err) {
        lastProblem = err instanceof Error ? err.name : 'network error';
        continue;
      }
      const errcode = Number(body.errcode ?? 0);
      if (errcode === 0 || outcomes?.has(errcode)) return body;
      if (errcode === -1) {
        lastProblem = 'errcode -1';
        continue;
      }
      throw this.mapErrcode(endpoint, errcode);
    }
    throw this.unavailable(`${endpoint} failed after 3 attempts: ${lastProblem}`);
  }

  private mapErrcode(endpoint: string, errcode: number): Error {
    if (TOKEN_ERRORS.has(errcode)) return new TokenRejected();
    if (errcode === 40029 || errcode === 40163 || errcode === 40003) return new AppError('WECHAT_CODE_INVALID');
    if (errcode === 40226) return new AppError('WECHAT_LOGIN_BLOCKED');
    if (errcode === 45011 || errcode === 45009) return new AppError('RATE_LIMITED', '微信接口繁忙，请稍后再试', { retryAfterSeconds: 60 });
    if (CONFIG_ERRORS.has(errcode)) this.platform.logger.error('wechat configuration error', { endpoint, errcode });
    return this.unavailable(`${endpoint} errcode ${errcode}`);
  }

  private unavailable(reason: string): AppError {
    this.platform.logger.warn('wechat unavailable', { reason });
    return new AppError('UPSTREAM_UNAVAILABLE', '微信服务暂时无法连接，请稍后再试');
  }
}

class TokenRejected extends Error {}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

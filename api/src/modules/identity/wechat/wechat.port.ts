/** What we need from WeChat's open API (../shared/specs/wechat-miniprogram.md §3-5). */
export interface WechatSession {
  openid: string;
  unionid: string | null;
}

export interface WechatPhone {
  purePhoneNumber: string;
  countryCode: string;
}

/** A subscribe message (§5); `data` values already obey the value rules of their key types. */
export interface SubscribeMessage {
  openid: string;
  templateId: string;
  /** a mini-program page with its query, no leading `/` */
  page: string | null;
  data: Record<string, { value: string }>;
}

export interface WechatApi {
  /** jscode2session: a wx.login code for the user's openid. The session_key stays here. */
  code2Session(code: string): Promise<WechatSession>;
  /** getuserphonenumber: a getPhoneNumber button code for the number, checked against our appid. */
  phoneNumber(code: string, openid: string): Promise<WechatPhone>;
  /** subscribeMessage.send: the final errcode (0 = sent); transient trouble throws. */
  sendSubscribeMessage(message: SubscribeMessage): Promise<{ errcode: number }>;
}

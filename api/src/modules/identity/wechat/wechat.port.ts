/** What identity needs from WeChat's open API (../shared/specs/wechat-miniprogram.md §3-4). */
export interface WechatSession {
  openid: string;
  unionid: string | null;
}

export interface WechatPhone {
  purePhoneNumber: string;
  countryCode: string;
}

export interface WechatApi {
  /** jscode2session: a wx.login code for the user's openid. The session_key stays here. */
  code2Session(code: string): Promise<WechatSession>;
  /** getuserphonenumber: a getPhoneNumber button code for the number, checked against our appid. */
  phoneNumber(code: string, openid: string): Promise<WechatPhone>;
}

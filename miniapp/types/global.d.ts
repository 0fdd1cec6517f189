/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.scss';

/** `''` on H5 (same origin as the API), e.g. `http://127.0.0.1:7001` in the mini-program. */
declare const HZ_API_BASE: string;
/** `wechat` in the mini-program; on H5 `wechat-sim` (TARO_APP_LOGIN_PROVIDER) unless configured. */
declare const HZ_LOGIN_PROVIDER: string;
declare const HZ_APP_VERSION: string;

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production';
    TARO_ENV: 'weapp' | 'h5';
    TARO_APP_API_BASE?: string;
    TARO_APP_LOGIN_PROVIDER?: string;
  }
}

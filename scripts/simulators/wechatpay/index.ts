export { createWechatPaySimulator, startWechatPaySimulator } from './server';
export type { PlatformPublicKeys, RunningWechatPaySimulator, WechatPaySimulator } from './server';
export type { NotifySchedule, SignMode, WechatPayMerchantInput, WechatPaySimulatorOptions } from './config';
export { COMPRESSED_RETRY_DELAYS_MS, OFFICIAL_RETRY_DELAYS_MS } from './notify';
export {
  authorizationHeader,
  decryptAesGcm,
  encryptAesGcm,
  parseAuthorization,
  paySignMessage,
  PROBE_PREFIX,
  requestSignMessage,
  responseSignMessage,
  rsaSign,
  rsaVerify,
  SIGN_SCHEME,
  verifyWechatpaySignature,
} from './signing';
export type { AuthorizationInput, AuthorizationParts, VerifyInput, VerifyResult } from './signing';

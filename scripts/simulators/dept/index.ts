export { startDeptSimulator, createDeptSimulator } from './server';
export type { DeptSimulator, RunningDeptSimulator } from './server';
export { DEPT_SIM_DEV_KEYS } from './config';
export type { DeptAppKey, DeptSimulatorKeys, DeptSimulatorOptions } from './config';
export type { DeptPersonInput, LicenseInput, SiRecordInput } from './people';
export type { DeptCode } from './catalog';
export type { AutoScenario } from './state';
export {
  appHeaders,
  appSignature,
  canonicalQuery,
  checkAppSignature,
  contentDigest,
  MAX_CLOCK_SKEW_MS,
  newNonce,
  NONCE_WINDOW_MS,
  stringToSign,
  xTifHeaders,
  xTifSignature,
} from './signing';
export type { AppCheckInput, AppCheckResult, AppCredential, AppSignInput, GatewayCredential, ReceivedAppHeaders, SignMethod, StringToSignParts } from './signing';

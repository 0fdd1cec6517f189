export { startWechatSimulator } from './server';
export type { RunningWechatSimulator, WechatSimulatorOptions } from './server';

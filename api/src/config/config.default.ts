import type { MidwayConfig } from '@midwayjs/core';
import { parseConfig } from '../common/config';

/** Midway's own settings, derived from the one parsed configuration. */
export default (): MidwayConfig => {
  const config = parseConfig();
  return {
    keys: 'haizhu-api-cookies-unused',
    koa: { port: config.port, hostname: config.host, proxy: process.env.TRUST_PROXY === '1' },
    bodyParser: {
      enableTypes: ['json'],
      jsonLimit: config.bodyLimit,
      formLimit: config.bodyLimit,
      textLimit: config.bodyLimit,
    },
    midwayLogger: {
      default: { level: 'warn', enableFile: false, enableError: false },
      clients: { coreLogger: { level: 'warn' }, appLogger: { level: 'warn' } },
    },
  } as MidwayConfig;
};

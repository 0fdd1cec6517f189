import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';

const SHARED_TYPES_SRC = path.resolve(__dirname, '../../shared-types/src');
const DEFAULT_API_BASE = 'http://127.0.0.1:7001';
const APP_VERSION = (JSON.parse(readFileSync(path.resolve(__dirname, '../package.json'), 'utf8')) as { version: string }).version;

/**
 * Build-time settings. H5 is served by the API on the same origin, so its base is empty and
 * requests go to `/api/...`; the mini-program must name a host (TARO_APP_API_BASE).
 */
function appConstants(taroEnv: string | undefined): Record<string, string> {
  const isH5 = taroEnv === 'h5';
  const apiBase = isH5 ? '' : (process.env.TARO_APP_API_BASE ?? DEFAULT_API_BASE).replace(/\/+$/, '');
  const loginProvider = isH5 ? (process.env.TARO_APP_LOGIN_PROVIDER ?? 'wechat-sim') : 'wechat';
  return {
    HZ_API_BASE: JSON.stringify(apiBase),
    HZ_LOGIN_PROVIDER: JSON.stringify(loginProvider),
    HZ_APP_VERSION: JSON.stringify(APP_VERSION),
  };
}

// NutUI's stylesheets are written for a 375-wide design, ours for 750 (rpx-style numbers).
function designWidth(input?: string | number | { file?: string }): number {
  const file = typeof input === 'object' ? (input.file ?? '') : '';
  return file.replace(/\\+/g, '/').includes('@nutui') ? 375 : 750;
}

export default defineConfig<'webpack5'>(() => {
  const taroEnv = process.env.TARO_ENV;
  // Webpack's filesystem cache honours cacheDirectory; Taro's ICache type does not list it.
  const cache = { enable: true, cacheDirectory: path.resolve(__dirname, '../.cache/webpack') };

  const config: UserConfigExport<'webpack5'> = {
    projectName: 'haizhu-zhengwu',
    designWidth,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${taroEnv ?? 'weapp'}`,
    plugins: [],
    defineConstants: appConstants(taroEnv),
    alias: {
      '@haizhu/shared-types': path.resolve(SHARED_TYPES_SRC, 'index.ts'),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache,
    logger: { quiet: true, stats: false },
    mini: {
      compile: { include: [SHARED_TYPES_SRC] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      // Served at the origin's root. Don't write basename: '/': Taro 4.2.1 hands it to
      // universal-router as baseUrl, which then strips the leading slash and matches no page.
      router: { mode: 'browser' },
      webpackChain(chain) {
        // Taro splits only initial chunks, so every lazily loaded page carried its own copy of
        // zod and the shared contract (~180 KB each). This group shares modules between the
        // pages' async chunks and leaves the entry's initial chunks as Taro set them up.
        const current = (chain.optimization.get('splitChunks') ?? {}) as { cacheGroups?: object };
        chain.optimization.splitChunks({
          ...current,
          cacheGroups: {
            ...current.cacheGroups,
            pagesShared: { chunks: 'async', minChunks: 2, priority: 0, reuseExistingChunk: true },
          },
        });
      },
      compile: { include: [SHARED_TYPES_SRC] },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
  };

  return config;
});

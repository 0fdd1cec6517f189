import Taro from '@tarojs/taro';

export type TabPage = '/pages/index/index' | '/pages/services/index' | '/pages/me/index';

/** Features not built yet; their tiles lead to 办事, which says so honestly. */
export type UpcomingFeature = 'applications';

export const UPCOMING_FEATURES: Record<UpcomingFeature, { title: string; description: string }> = {
  applications: { title: '我的办件', description: '查看办理进度' },
};

// switchTab can't carry a query string, so the tile says which feature it was for here.
let requestedFeature: UpcomingFeature | null = null;

export function openUpcomingFeature(feature: UpcomingFeature): void {
  requestedFeature = feature;
  void Taro.switchTab({ url: '/pages/services/index' });
}

/** Read once by 办事 when it shows. */
export function takeRequestedFeature(): UpcomingFeature | null {
  const f = requestedFeature;
  requestedFeature = null;
  return f;
}

export function goTab(url: TabPage): void {
  void Taro.switchTab({ url });
}

// WeChat keeps at most 10 pages on the stack; item → 一件事 → item … can go deeper than that.
const MAX_STACK = 9;

/** Opens a page on top of this one, or in place of it when the stack is nearly full. */
export function goPage(url: string): void {
  if (Taro.getCurrentPages().length >= MAX_STACK) void Taro.redirectTo({ url });
  else void Taro.navigateTo({ url });
}

/** Builds `/pages/x/index?a=1&b=2`, encoding values and leaving out empty ones. */
export function pageUrl(path: string, query: Record<string, string | null | undefined> = {}): string {
  const parts = Object.entries(query)
    .filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
  return parts.length ? `${path}?${parts.join('&')}` : path;
}

/** A page's query parameter, decoded (H5 hands them over still encoded, weapp decoded). */
export function routeParam(params: Record<string, string | undefined> | undefined, name: string): string | null {
  const raw = params?.[name];
  if (raw === undefined || raw === '') return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** Dials a number after the phone's own confirmation; nothing happens if the person cancels. */
export function callPhone(phoneNumber: string): void {
  Taro.makePhoneCall({ phoneNumber: phoneNumber.replace(/[^\d-]/g, '') }).catch(() => undefined);
}

/** Back to where the person came from; to 我的 when this page was opened directly (a deep link). */
export function goBackOr(fallback: TabPage = '/pages/me/index'): void {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else void Taro.switchTab({ url: fallback });
}

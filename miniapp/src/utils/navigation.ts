import Taro from '@tarojs/taro';

export type TabPage = '/pages/index/index' | '/pages/services/index' | '/pages/me/index';

/** Features not built yet; their tiles lead to 办事, which says so honestly. */
export type UpcomingFeature = 'supermarket' | 'appointment' | 'queue' | 'applications';

export const UPCOMING_FEATURES: Record<UpcomingFeature, { title: string; description: string }> = {
  supermarket: { title: '民生服务超市', description: '查找事项、看办事指南' },
  appointment: { title: '预约办事', description: '预约到大厅办理的时间' },
  queue: { title: '取号排队', description: '在手机上取号、看排队' },
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

export function goPage(url: string): void {
  void Taro.navigateTo({ url });
}

/** Back to where the person came from; to 我的 when this page was opened directly (a deep link). */
export function goBackOr(fallback: TabPage = '/pages/me/index'): void {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else void Taro.switchTab({ url: fallback });
}

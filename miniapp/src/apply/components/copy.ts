import Taro from '@tarojs/taro';

/** Copies a number the resident may need to quote (waybill, WeChat Pay order) and says so. */
export function copyText(text: string, what: string): void {
  Taro.setClipboardData({ data: text }).then(
    () => void Taro.showToast({ title: `${what}已复制`, icon: 'none' }),
    () => void Taro.showToast({ title: '复制失败，请长按号码手动复制', icon: 'none' }),
  );
}

export default definePageConfig({ navigationBarTitleText: '民生服务超市' });

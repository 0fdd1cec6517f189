export default definePageConfig({ navigationBarTitleText: '统计看板' });

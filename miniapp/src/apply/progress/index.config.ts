export default definePageConfig({ navigationBarTitleText: '办件查询' });

export default definePageConfig({ navigationBarTitleText: '大厅详情' });

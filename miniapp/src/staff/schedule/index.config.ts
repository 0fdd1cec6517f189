export default definePageConfig({ navigationBarTitleText: '放号管理' });

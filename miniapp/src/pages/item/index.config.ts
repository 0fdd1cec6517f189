export default definePageConfig({ navigationBarTitleText: '办事指南' });

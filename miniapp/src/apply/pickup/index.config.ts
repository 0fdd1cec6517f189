export default definePageConfig({ navigationBarTitleText: '预约上门取件' });

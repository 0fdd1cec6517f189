export default definePageConfig({ navigationBarTitleText: '海珠政务' });

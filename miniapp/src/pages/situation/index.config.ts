export default definePageConfig({ navigationBarTitleText: '情形引导' });

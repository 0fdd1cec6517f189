export default definePageConfig({ navigationBarTitleText: '快递进度' });

export default definePageConfig({ navigationBarTitleText: '快递寄送结果' });

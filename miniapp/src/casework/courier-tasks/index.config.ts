export default definePageConfig({ navigationBarTitleText: '快递异常处理' });

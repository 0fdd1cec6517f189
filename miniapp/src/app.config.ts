export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/services/index',
    'pages/me/index',
    'pages/login/index',
    'pages/real-name/index',
    'pages/data-access-log/index',
    'pages/settings/index',
  ],
  // Staff pages never load for residents; a subpackage keeps them out of the 2 MB main package.
  subPackages: [{ root: 'staff', pages: ['login/index', 'home/index'] }],
  window: {
    navigationBarBackgroundColor: '#0b5ed7',
    navigationBarTitleText: '海珠政务',
    // Explicit so the H5 build draws a title bar with a back button too (Taro shows it only then).
    navigationStyle: 'default',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f3f5f8',
    backgroundTextStyle: 'dark',
  },
  // Text-only tabs: weapp tab bars can't use SVG, and text reads fine at the platform's size.
  tabBar: {
    color: '#4e5969',
    selectedColor: '#0b5ed7',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/index/index', text: '首页' },
      { pagePath: 'pages/services/index', text: '办事' },
      { pagePath: 'pages/me/index', text: '我的' },
    ],
  },
});

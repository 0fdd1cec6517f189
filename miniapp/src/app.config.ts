export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/services/index',
    'pages/me/index',
    'pages/login/index',
    'pages/real-name/index',
    'pages/data-access-log/index',
    'pages/settings/index',
    // 民生服务超市. Kept in the main package: as subpackages the four least visited of these
    // saved only ~20 KB (their code is mostly shared with the others) for an extra download on
    // first open.
    'pages/search/index',
    'pages/items/index',
    'pages/item/index',
    'pages/situation/index',
    'pages/bundle/index',
    'pages/halls/index',
    'pages/hall/index',
    // 预约 and 取号: residents reach them from 首页 and every bookable item's guide.
    'pages/book/index',
    'pages/appointment/index',
    'pages/appointments/index',
    'pages/queue/index',
    'pages/ticket/index',
  ],
  // Staff pages never load for residents; a subpackage keeps them out of the 2 MB main package.
  subPackages: [
    { root: 'staff', pages: ['login/index', 'home/index', 'console/index', 'schedule/index', 'display/index', 'dashboard/index'] },
    // 在线申办 and 我的办件: opened from an item's guide or 我的, not on every visit. 缴费 and 快递
    // (pickup of originals, delivery of results, tracking, saved addresses) start from a case.
    {
      root: 'apply',
      pages: ['start/index', 'cases/index', 'case/index', 'progress/index', 'pay/index', 'receipt/index', 'pickup/index', 'delivery/index', 'tracking/index', 'addresses/index'],
    },
    // 办件审核, 快递异常处理 and 差评整改 for staff.
    { root: 'casework', pages: ['list/index', 'detail/index', 'courier-tasks/index', 'rectify-tasks/index', 'rectify-task/index'] },
    // 好差评: rating a finished case or visit and 我的评价, opened from a case, a visit or 我的.
    { root: 'evaluate', pages: ['rate/index', 'mine/index'] },
    // 在线咨询: asked from an item's guide or a case, followed in 我的咨询.
    { root: 'consult', pages: ['ask/index', 'list/index', 'thread/index'] },
    // 咨询答复 for staff: the inbox of the department or hall and the answer page.
    { root: 'consultdesk', pages: ['inbox/index', 'answer/index'] },
  ],
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

import {
  addressInput,
  addressView,
  courierOrderView,
  courierTaskView,
  deliveryBody,
  pickupBody,
  resolveTaskBody,
  appealBody,
  createEvaluationBody,
  evaluationsQuery,
  evaluationView,
  handleTaskBody,
  pendingEvaluationView,
  rectificationRatingBody,
  rectificationTasksQuery,
  rectificationTaskView,
  rectificationView,
  reviewBody,
  revisitBody,
  staffEvaluationsQuery,
  createdPayment,
  createPaymentBody,
  paymentView,
  reconciliationView,
  refundBody,
  bundleDetail,
  itemDetail,
  marketResult,
  acceptBody,
  applicationView,
  createApplicationBody,
  createdApplication,
  progressQuery,
  progressView,
  provideMaterialBody,
  refuseBody,
  staffApplicationsQuery,
  supplementBody,
  updateDraftBody,
  addWorkingDaysQuery,
  appointmentView,
  bookBody,
  calendarDay,
  calendarDayBody,
  calendarQuery,
  callNextBody,
  consoleTicket,
  hallDate,
  hallDatesQuery,
  hallDisplay,
  restrictionView,
  scheduleBody,
  slotsQuery,
  slotView,
  staffCheckInBody,
  ticketBody,
  ticketView,
  catalogueFile,
  department,
  hall,
  hallLevel,
  itemSummary,
  itemsQuery,
  itemVersionSummary,
  lifeEvent,
  publishItemBody,
  serviceBundle,
  serviceItemInput,
  agentAuthorisation,
  agentBody,
  auditVerifyResult,
  dataAccessEntry,
  healthResult,
  meProfile,
  pageOf,
  pageQuery,
  phoneBody,
  phoneResult,
  realNameBody,
  realNameResult,
  residentDetail,
  residentLookupBody,
  staffLoginBody,
  staffLoginResult,
  staffSummary,
  wechatLoginBody,
  wechatLoginResult,
} from '@haizhu/shared-types';
import { z } from 'zod';
import type { StaffRole } from '@haizhu/shared-types';

/** Who may call a route. */
export type RouteAuth = { kind: 'public' } | { kind: 'resident' } | { kind: 'any-session' } | { kind: 'staff'; roles?: StaffRole[] };

export interface RouteSpec {
  method: 'get' | 'post' | 'put' | 'delete';
  /** Koa-style path, e.g. `/api/v1/me/agents/:id/revoke` */
  path: string;
  summary: string;
  tag: string;
  auth: RouteAuth;
  body?: z.ZodType;
  query?: z.ZodType;
  response?: z.ZodType;
  status?: number;
  /** error codes this route documents beyond the common ones */
  errors?: string[];
}

const ok = z.object({ ok: z.literal(true) });
const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
const item = serviceItemInput.extend({ version: z.number(), publishedAt: z.string(), departmentName: z.string() });
const catalogue = { tag: 'catalog', auth: { kind: 'public' } } as const;
const fileView = z.object({ id: z.string(), sha256: z.string(), size: z.number(), mime: z.enum(['image/jpeg', 'image/png', 'application/pdf']), name: z.string(), inLibrary: z.boolean(), libraryTitle: z.string().nullable(), createdAt: z.string() });
const districtAdmin = { kind: 'staff', roles: ['district_admin'] } as const satisfies RouteAuth;

/**
 * Every API route, with its schemas and who may call it. OpenAPI is generated from this table;
 * a test checks it against the routes Midway actually serves, so the two cannot drift apart.
 */
export const ROUTES: RouteSpec[] = [
  { method: 'get', path: '/api/health', summary: '健康检查', tag: 'platform', auth: { kind: 'public' }, response: healthResult },
  { method: 'get', path: '/api/metrics', summary: 'Prometheus 指标', tag: 'platform', auth: { kind: 'public' } },
  { method: 'get', path: '/api/openapi.json', summary: 'OpenAPI 文档', tag: 'platform', auth: { kind: 'public' } },
  { method: 'get', path: '/api/docs', summary: '可浏览的接口文档', tag: 'platform', auth: { kind: 'public' } },

  { method: 'post', path: '/api/v1/auth/wechat-login', summary: '微信登录', tag: 'identity', auth: { kind: 'public' }, body: wechatLoginBody, response: wechatLoginResult, errors: ['WECHAT_CODE_INVALID', 'WECHAT_LOGIN_BLOCKED', 'UPSTREAM_UNAVAILABLE'] },
  { method: 'post', path: '/api/v1/auth/logout', summary: '退出登录', tag: 'identity', auth: { kind: 'any-session' }, response: ok },
  { method: 'get', path: '/api/v1/me', summary: '我的资料（脱敏）', tag: 'identity', auth: { kind: 'resident' }, response: meProfile },
  { method: 'post', path: '/api/v1/me/real-name', summary: '实名认证', tag: 'identity', auth: { kind: 'resident' }, body: realNameBody, response: realNameResult, errors: ['ID_NUMBER_INVALID', 'REAL_NAME_MISMATCH', 'ID_NUMBER_BOUND_ELSEWHERE', 'ALREADY_VERIFIED', 'TOO_MANY_ATTEMPTS'] },
  { method: 'post', path: '/api/v1/me/phone', summary: '绑定手机号', tag: 'identity', auth: { kind: 'resident' }, body: phoneBody, response: phoneResult, errors: ['WECHAT_CODE_INVALID'] },
  { method: 'get', path: '/api/v1/me/data-access-log', summary: '谁查看了我的信息', tag: 'identity', auth: { kind: 'resident' }, query: pageQuery, response: pageOf(dataAccessEntry) },
  { method: 'post', path: '/api/v1/me/agents', summary: '委托代办授权', tag: 'identity', auth: { kind: 'resident' }, body: agentBody, response: agentAuthorisation, status: 201, errors: ['REAL_NAME_REQUIRED', 'AGENT_SELF_NOT_ALLOWED'] },
  { method: 'get', path: '/api/v1/me/agents', summary: '我的委托（授出与收到）', tag: 'identity', auth: { kind: 'resident' }, response: z.object({ items: z.array(agentAuthorisation) }) },
  { method: 'post', path: '/api/v1/me/agents/:id/revoke', summary: '撤销委托', tag: 'identity', auth: { kind: 'resident' }, response: agentAuthorisation },

  { method: 'get', path: '/api/v1/market', summary: '民生服务超市首页（人生事件、部门、办理方式、热门事项、一件事）', ...catalogue, response: marketResult },
  { method: 'get', path: '/api/v1/departments', summary: '部门', ...catalogue, response: list(department.extend({ itemCount: z.number() })) },
  { method: 'get', path: '/api/v1/life-events', summary: '人生事件', ...catalogue, response: list(lifeEvent) },
  { method: 'get', path: '/api/v1/items', summary: '事项：浏览与搜索（名称、关键词、拼音、首字母、同义词）', ...catalogue, query: itemsQuery, response: pageOf(itemSummary) },
  { method: 'get', path: '/api/v1/items/suggest', summary: '搜索联想', ...catalogue, query: z.object({ q: z.string() }), response: list(z.string()) },
  { method: 'get', path: '/api/v1/items/:itemCode', summary: '事项与完整办事指南（可指定历史版本 ?version=）', ...catalogue, query: z.object({ version: z.number().int().optional() }), response: itemDetail },
  { method: 'get', path: '/api/v1/items/:itemCode/versions', summary: '办事指南的版本', ...catalogue, response: list(itemVersionSummary) },
  { method: 'get', path: '/api/v1/bundles', summary: '一件事', ...catalogue, response: list(serviceBundle) },
  { method: 'get', path: '/api/v1/bundles/:code', summary: '一件事：包含的事项与合并后的材料', ...catalogue, response: bundleDetail },
  { method: 'get', path: '/api/v1/halls', summary: '政务服务大厅', ...catalogue, query: z.object({ level: hallLevel.optional() }), response: list(hall) },
  { method: 'get', path: '/api/v1/halls/:hallId', summary: '大厅详情：时间、窗口、延时/错时服务', ...catalogue, response: hall },
  { method: 'put', path: '/api/v1/staff/items/:itemCode', summary: '发布办事指南新版本（留痕）', tag: 'catalog', auth: districtAdmin, body: publishItemBody, response: item },
  { method: 'post', path: '/api/v1/staff/catalog/import', summary: '导入事项目录（JSON）', tag: 'catalog', auth: districtAdmin, body: catalogueFile },
  { method: 'get', path: '/api/v1/staff/catalog/export', summary: '导出事项目录（JSON，与导入格式相同）', tag: 'catalog', auth: districtAdmin, response: catalogueFile },

  { method: 'get', path: '/api/v1/calendar', summary: '工作日历（含调休）', tag: 'calendar', auth: { kind: 'public' }, query: calendarQuery, response: z.array(calendarDay) },
  { method: 'get', path: '/api/v1/calendar/add-working-days', summary: '加 N 个工作日', tag: 'calendar', auth: { kind: 'public' }, query: addWorkingDaysQuery, response: z.object({ date: z.string() }) },
  { method: 'put', path: '/api/v1/staff/calendar/:date', summary: '登记放假或调休上班日（留痕）', tag: 'calendar', auth: districtAdmin, body: calendarDayBody, response: calendarDay },
  { method: 'delete', path: '/api/v1/staff/calendar/:date', summary: '撤销一天的登记', tag: 'calendar', auth: districtAdmin, response: calendarDay },

  { method: 'get', path: '/api/v1/halls/:hallId/slots', summary: '某天的号源与剩余名额', tag: 'appointment', auth: { kind: 'public' }, query: slotsQuery, response: z.array(slotView) },
  { method: 'get', path: '/api/v1/halls/:hallId/dates', summary: '可预约日期（节假日不开放）', tag: 'appointment', auth: { kind: 'public' }, query: hallDatesQuery, response: list(hallDate) },
  { method: 'post', path: '/api/v1/appointments', summary: '预约', tag: 'appointment', auth: { kind: 'resident' }, body: bookBody, response: appointmentView, status: 201, errors: ['SLOT_FULL', 'ALREADY_BOOKED', 'BOOKING_RESTRICTED', 'SLOT_NOT_BOOKABLE'] },
  { method: 'get', path: '/api/v1/appointments', summary: '我的预约', tag: 'appointment', auth: { kind: 'resident' }, response: pageOf(appointmentView) },
  { method: 'get', path: '/api/v1/appointments/restriction', summary: '我的爽约记录与预约限制', tag: 'appointment', auth: { kind: 'resident' }, response: restrictionView },
  { method: 'get', path: '/api/v1/appointments/:id', summary: '预约详情', tag: 'appointment', auth: { kind: 'resident' }, response: appointmentView },
  { method: 'post', path: '/api/v1/appointments/:id/cancel', summary: '取消预约', tag: 'appointment', auth: { kind: 'resident' }, response: appointmentView, errors: ['TOO_LATE_TO_CANCEL', 'INVALID_STATE'] },
  { method: 'post', path: '/api/v1/appointments/:id/check-in', summary: '到厅签到（取得优先号）', tag: 'appointment', auth: { kind: 'resident' }, response: z.object({ ticket: ticketView }), errors: ['CHECK_IN_NOT_OPEN'] },
  { method: 'post', path: '/api/v1/staff/appointments/check-in', summary: '窗口扫码签到', tag: 'appointment', auth: { kind: 'staff', roles: ['hall_window', 'hall_reception', 'hall_admin', 'district_admin'] }, body: staffCheckInBody, response: z.object({ ticket: ticketView }) },
  { method: 'post', path: '/api/v1/staff/halls/:hallId/schedules', summary: '按模板放号', tag: 'appointment', auth: { kind: 'staff', roles: ['hall_admin', 'district_admin'] }, body: scheduleBody, response: z.object({ created: z.number(), skippedDays: z.array(z.string()) }), status: 201 },

  { method: 'post', path: '/api/v1/queue/tickets', summary: '远程取号', tag: 'queue', auth: { kind: 'resident' }, body: ticketBody, response: ticketView, status: 201, errors: ['ALREADY_QUEUED', 'QUEUE_CLOSED', 'CATEGORY_NOT_SERVED'] },
  { method: 'get', path: '/api/v1/queue/tickets', summary: '我今天的排队号', tag: 'queue', auth: { kind: 'resident' }, response: list(ticketView) },
  { method: 'get', path: '/api/v1/queue/tickets/:id', summary: '排队进度（前面人数、预计等候）', tag: 'queue', auth: { kind: 'public' }, response: ticketView },
  { method: 'post', path: '/api/v1/staff/halls/:hallId/tickets', summary: '现场取号（导办）', tag: 'queue', auth: { kind: 'staff', roles: ['hall_window', 'hall_reception', 'hall_admin', 'district_admin'] }, body: z.object({ category: z.string() }), response: ticketView, status: 201 },
  { method: 'post', path: '/api/v1/staff/windows/:windowId/call-next', summary: '叫下一位（无人等候时 204）', tag: 'queue', auth: { kind: 'staff', roles: ['hall_window', 'hall_reception', 'hall_admin', 'district_admin'] }, body: callNextBody, response: consoleTicket },
  { method: 'post', path: '/api/v1/staff/tickets/:id/:action', summary: '重呼 recall / 过号 skip / 办理 serve / 办结 done', tag: 'queue', auth: { kind: 'staff', roles: ['hall_window', 'hall_reception', 'hall_admin', 'district_admin'] }, response: consoleTicket, errors: ['INVALID_STATE'] },
  { method: 'get', path: '/api/v1/staff/halls/:hallId/queue', summary: '窗口控制台：今日排队', tag: 'queue', auth: { kind: 'staff', roles: ['hall_window', 'hall_reception', 'hall_admin', 'district_admin'] }, response: list(consoleTicket) },
  { method: 'get', path: '/api/v1/halls/:hallId/queue/display', summary: '大厅叫号屏（只显示号码）', tag: 'queue', auth: { kind: 'public' }, response: hallDisplay },

  { method: 'post', path: '/api/v1/files', summary: '上传材料（multipart：file，可选 title 存入材料库）；按内容识别类型', tag: 'material', auth: { kind: 'resident' }, response: fileView, status: 201, errors: ['FILE_TOO_LARGE', 'FILE_TYPE_NOT_ALLOWED', 'FILE_MISSING'] },
  { method: 'get', path: '/api/v1/files/:id', summary: '材料信息（仅本人）', tag: 'material', auth: { kind: 'resident' }, response: fileView },
  { method: 'get', path: '/api/v1/files/:id/content', summary: '材料内容（仅本人）', tag: 'material', auth: { kind: 'resident' } },
  { method: 'get', path: '/api/v1/me/library', summary: '我的材料库（一库共享）', tag: 'material', auth: { kind: 'resident' }, response: list(fileView) },
  { method: 'post', path: '/api/v1/me/library', summary: '把已上传的材料存入材料库', tag: 'material', auth: { kind: 'resident' }, body: z.object({ fileId: z.string(), title: z.string() }), response: fileView },

  { method: 'post', path: '/api/v1/applications', summary: '创建申请草稿（事项或一件事；可代办）', tag: 'application', auth: { kind: 'resident' }, body: createApplicationBody, response: createdApplication.extend({ bundle: z.array(createdApplication).optional() }), status: 201, errors: ['NOT_AN_AGENT'] },
  { method: 'get', path: '/api/v1/applications', summary: '我的办件', tag: 'application', auth: { kind: 'resident' }, query: pageQuery, response: pageOf(applicationView) },
  { method: 'get', path: '/api/v1/applications/:id', summary: '办件详情：时间线、期限、需要我做什么', tag: 'application', auth: { kind: 'resident' }, response: applicationView },
  { method: 'put', path: '/api/v1/applications/:id', summary: '保存草稿', tag: 'application', auth: { kind: 'resident' }, body: updateDraftBody, response: applicationView },
  { method: 'put', path: '/api/v1/applications/:id/materials/:materialCode', summary: '提供材料：上传、材料库或电子证照', tag: 'application', auth: { kind: 'resident' }, body: provideMaterialBody, response: applicationView, errors: ['MATERIAL_NOT_APPLICABLE', 'E_LICENCE_NOT_ACCEPTED'] },
  { method: 'post', path: '/api/v1/applications/:id/submit', summary: '提交（补正后重新提交）', tag: 'application', auth: { kind: 'resident' }, response: applicationView, errors: ['MATERIALS_MISSING', 'INVALID_STATE'] },
  { method: 'post', path: '/api/v1/applications/:id/withdraw', summary: '受理前撤回', tag: 'application', auth: { kind: 'resident' }, response: applicationView, errors: ['INVALID_STATE'] },
  { method: 'get', path: '/api/v1/progress', summary: '办件查询（凭办件编号和查询码，无个人信息）', tag: 'application', auth: { kind: 'public' }, query: progressQuery, response: progressView },
  { method: 'get', path: '/api/v1/staff/applications', summary: '工作台：本部门/本大厅的办件', tag: 'application', auth: { kind: 'staff', roles: ['dept_reviewer', 'hall_window', 'hall_admin', 'district_admin'] }, query: staffApplicationsQuery, response: pageOf(applicationView) },
  { method: 'get', path: '/api/v1/staff/applications/:id', summary: '办件审核（查看留痕）', tag: 'application', auth: { kind: 'staff', roles: ['dept_reviewer', 'hall_window', 'hall_admin', 'district_admin'] }, response: applicationView },
  { method: 'get', path: '/api/v1/staff/applications/:id/materials/:materialCode/content', summary: '预览材料（查看留痕）', tag: 'application', auth: { kind: 'staff', roles: ['dept_reviewer', 'hall_window', 'hall_admin', 'district_admin'] } },
  { method: 'post', path: '/api/v1/staff/applications/:id/accept', summary: '受理 / 容缺受理', tag: 'application', auth: { kind: 'staff', roles: ['dept_reviewer', 'hall_window', 'hall_admin', 'district_admin'] }, body: acceptBody, response: applicationView, errors: ['MATERIALS_MISSING', 'INVALID_STATE'] },
  { method: 'post', path: '/api/v1/staff/applications/:id/refuse', summary: '不予受理', tag: 'application', auth: { kind: 'staff', roles: ['dept_reviewer', 'hall_window', 'hall_admin', 'district_admin'] }, body: refuseBody, response: applicationView },
  { method: 'post', path: '/api/v1/staff/applications/:id/deliver', summary: '出件：电子送达 / 窗口领取（快递由快递服务办理）', tag: 'application', auth: { kind: 'staff', roles: ['dept_reviewer', 'hall_window', 'hall_admin', 'district_admin'] }, body: z.object({ method: z.enum(['electronic', 'window', 'courier']), hallId: z.string().optional() }), response: applicationView },
  { method: 'post', path: '/api/v1/staff/applications/:id/complete', summary: '办结', tag: 'application', auth: { kind: 'staff', roles: ['dept_reviewer', 'hall_window', 'hall_admin', 'district_admin'] }, response: applicationView },
  { method: 'post', path: '/api/v1/applications/:id/confirm-receipt', summary: '确认收到结果（办结）', tag: 'application', auth: { kind: 'resident' }, response: applicationView },
  { method: 'post', path: '/api/v1/staff/applications/:id/request-supplement', summary: '要求补正', tag: 'application', auth: { kind: 'staff', roles: ['dept_reviewer', 'hall_window', 'hall_admin', 'district_admin'] }, body: supplementBody, response: applicationView },

  { method: 'post', path: '/api/v1/me/licences/fetch', summary: '获取电子证照（免提交），存入材料库', tag: 'dept-gateway', auth: { kind: 'resident' }, body: z.object({ type: z.string() }), errors: ['REAL_NAME_REQUIRED', 'UPSTREAM_UNAVAILABLE'] },
  { method: 'post', path: '/api/v1/me/real-name/ga-check', summary: '公安身份核验（户籍信息，实名认证后自动进行）', tag: 'dept-gateway', auth: { kind: 'resident' }, response: z.object({ result: z.enum(['matched', 'mismatch', 'not_found']) }), errors: ['REAL_NAME_REQUIRED', 'UPSTREAM_UNAVAILABLE'] },
  { method: 'get', path: '/api/v1/me/social-insurance/payments', summary: '数据调阅：本人社保缴费记录（人社，留痕）', tag: 'dept-gateway', auth: { kind: 'resident' }, query: z.object({ from: z.string(), to: z.string() }) },
  { method: 'get', path: '/api/v1/exchange/files/:fileId', summary: '部门下载上传材料（预签名链接，7 天有效）', tag: 'material', auth: { kind: 'public' } },
  { method: 'post', path: '/api/v1/callbacks/dept/:departmentCode', summary: '部门办件状态回调（签名校验、去重、按序号应用）', tag: 'dept-gateway', auth: { kind: 'public' }, response: z.object({ code: z.literal('0') }) },

  { method: 'post', path: '/api/v1/applications/:id/payments', summary: '缴费：创建或重新发起支付订单，返回 wx.requestPayment 参数（金额单位：分）', tag: 'payment', auth: { kind: 'resident' }, body: createPaymentBody, response: createdPayment, errors: ['ALREADY_PAID', 'NOTHING_TO_PAY', 'PAYMENT_UNAVAILABLE', 'INVALID_STATE'] },
  { method: 'get', path: '/api/v1/payments/:id', summary: '支付订单（尚未确认时先向微信支付查询）', tag: 'payment', auth: { kind: 'resident' }, response: paymentView },
  { method: 'get', path: '/api/v1/staff/payments/:id', summary: '支付订单（工作人员，限本人范围）', tag: 'payment', auth: { kind: 'staff' }, response: paymentView },
  { method: 'post', path: '/api/v1/staff/payments/:id/refunds', summary: '退款（全额或部分）', tag: 'payment', auth: { kind: 'staff', roles: ['hall_admin', 'district_admin', 'dept_reviewer'] }, body: refundBody, response: paymentView, errors: ['REFUND_EXCEEDS_PAID', 'INVALID_STATE'] },
  { method: 'get', path: '/api/v1/staff/payments/reconciliations', summary: '对账结果（按日）', tag: 'payment', auth: { kind: 'staff', roles: ['district_admin'] }, response: z.object({ items: z.array(reconciliationView) }) },
  { method: 'post', path: '/api/v1/staff/payments/reconciliations', summary: '立即对账某日交易账单', tag: 'payment', auth: { kind: 'staff', roles: ['district_admin'] }, body: z.object({ billDate: z.string() }), response: reconciliationView },
  { method: 'post', path: '/api/v1/callbacks/wechatpay', summary: '微信支付支付/退款通知（验签、解密、核对金额后只应用一次）', tag: 'payment', auth: { kind: 'public' } },

  { method: 'get', path: '/api/v1/me/addresses', summary: '我的收件地址（脱敏）', tag: 'courier', auth: { kind: 'resident' }, response: z.object({ items: z.array(addressView) }) },
  { method: 'post', path: '/api/v1/me/addresses', summary: '新增收件地址（广州市各区）', tag: 'courier', auth: { kind: 'resident' }, body: addressInput, response: addressView },
  { method: 'delete', path: '/api/v1/me/addresses/:id', summary: '删除收件地址', tag: 'courier', auth: { kind: 'resident' } },
  { method: 'post', path: '/api/v1/applications/:id/courier/pickup', summary: '预约快递上门取件（纸质原件）', tag: 'courier', auth: { kind: 'resident' }, body: pickupBody, response: courierOrderView, errors: ['INVALID_STATE'] },
  { method: 'post', path: '/api/v1/applications/:id/courier/delivery', summary: '选择快递寄送办理结果', tag: 'courier', auth: { kind: 'resident' }, body: deliveryBody, response: courierOrderView, errors: ['INVALID_STATE'] },
  { method: 'get', path: '/api/v1/courier/orders/:id', summary: '快递单与物流轨迹（按时间排序）', tag: 'courier', auth: { kind: 'resident' }, response: courierOrderView },
  { method: 'post', path: '/api/v1/courier/orders/:id/cancel', summary: '取消快递（取件前）', tag: 'courier', auth: { kind: 'resident' }, response: courierOrderView, errors: ['INVALID_STATE', 'UPSTREAM_UNAVAILABLE'] },
  { method: 'post', path: '/api/v1/staff/courier/orders/:id/handover', summary: '出件：结果交快递寄出', tag: 'courier', auth: { kind: 'staff', roles: ['hall_window', 'hall_admin', 'district_admin', 'dept_reviewer'] }, response: applicationView, errors: ['FEE_UNPAID', 'INVALID_STATE'] },
  { method: 'get', path: '/api/v1/staff/courier/tasks', summary: '快递异常待办', tag: 'courier', auth: { kind: 'staff', roles: ['hall_window', 'hall_admin', 'district_admin'] }, query: z.object({ status: z.enum(['open', 'resolved']).optional() }), response: z.object({ items: z.array(courierTaskView) }) },
  { method: 'post', path: '/api/v1/staff/courier/tasks/:id/resolve', summary: '快递异常处理完成', tag: 'courier', auth: { kind: 'staff', roles: ['hall_window', 'hall_admin', 'district_admin'] }, body: resolveTaskBody, response: courierTaskView },
  { method: 'post', path: '/api/v1/callbacks/courier', summary: '快递物流轨迹推送（摘要校验、去重、按事件时间应用）', tag: 'courier', auth: { kind: 'public' }, response: z.object({ return_code: z.string(), return_msg: z.string() }) },

  { method: 'post', path: '/api/v1/evaluations', summary: '好差评：评价办结的办件、到厅办事或咨询（实名，每次服务一评；差评生成整改）', tag: 'evaluation', auth: { kind: 'resident' }, body: createEvaluationBody, response: evaluationView, status: 201, errors: ['ALREADY_EVALUATED', 'NOT_EVALUABLE_YET', 'EVALUATION_TARGET_UNSUPPORTED', 'REAL_NAME_REQUIRED'] },
  { method: 'get', path: '/api/v1/evaluations', summary: '我的评价（可按评价对象查询），含整改进度', tag: 'evaluation', auth: { kind: 'resident' }, query: evaluationsQuery, response: z.object({ items: z.array(evaluationView) }) },
  { method: 'get', path: '/api/v1/evaluations/pending', summary: '待评价的办件（逾期未评默认“基本满意”）', tag: 'evaluation', auth: { kind: 'resident' }, response: z.object({ items: z.array(pendingEvaluationView) }) },
  { method: 'post', path: '/api/v1/evaluations/:id/rectification/appeals', summary: '对差评整改结果申诉（一次）', tag: 'evaluation', auth: { kind: 'resident' }, body: appealBody, response: rectificationView, status: 201, errors: ['INVALID_STATE'] },
  { method: 'post', path: '/api/v1/evaluations/:id/rectification/rating', summary: '评价差评整改（满意/基本满意/不满意）', tag: 'evaluation', auth: { kind: 'resident' }, body: rectificationRatingBody, response: rectificationView, status: 201, errors: ['ALREADY_EVALUATED', 'INVALID_STATE'] },
  { method: 'get', path: '/api/v1/staff/evaluation-tasks', summary: '差评整改待办：本部门/本大厅（区级全部），标注逾期', tag: 'evaluation', auth: { kind: 'staff', roles: ['dept_reviewer', 'hall_reception', 'hall_window', 'hall_admin', 'district_admin'] }, query: rectificationTasksQuery, response: pageOf(rectificationTaskView) },
  { method: 'get', path: '/api/v1/staff/evaluation-tasks/:id', summary: '差评整改详情（含评价人联系方式，查看留痕）', tag: 'evaluation', auth: { kind: 'staff', roles: ['dept_reviewer', 'hall_reception', 'hall_window', 'hall_admin', 'district_admin'] }, response: rectificationTaskView },
  { method: 'post', path: '/api/v1/staff/evaluation-tasks/:id/handle', summary: '登记整改或解释说明', tag: 'evaluation', auth: { kind: 'staff', roles: ['dept_reviewer', 'hall_reception', 'hall_window', 'hall_admin', 'district_admin'] }, body: handleTaskBody, response: rectificationTaskView, errors: ['INVALID_STATE'] },
  { method: 'post', path: '/api/v1/staff/evaluation-tasks/:id/revisit', summary: '登记回访（谁、何时、方式、结果）', tag: 'evaluation', auth: { kind: 'staff', roles: ['dept_reviewer', 'hall_reception', 'hall_window', 'hall_admin', 'district_admin'] }, body: revisitBody, response: rectificationTaskView, errors: ['INVALID_STATE'] },
  { method: 'get', path: '/api/v1/staff/evaluations', summary: '全部评价（区级管理员）', tag: 'evaluation', auth: districtAdmin, query: staffEvaluationsQuery, response: pageOf(evaluationView) },
  { method: 'post', path: '/api/v1/staff/evaluations/:id/reviews', summary: '申诉复核：剔除恶意评价或维持（须写明理由，留痕）', tag: 'evaluation', auth: districtAdmin, body: reviewBody, response: evaluationView, status: 201, errors: ['INVALID_STATE'] },

  { method: 'post', path: '/api/v1/staff/auth/login', summary: '工作人员登录', tag: 'staff', auth: { kind: 'public' }, body: staffLoginBody, response: staffLoginResult, errors: ['BAD_CREDENTIALS', 'TOO_MANY_ATTEMPTS', 'ACCOUNT_DISABLED'] },
  { method: 'get', path: '/api/v1/staff/me', summary: '当前工作人员', tag: 'staff', auth: { kind: 'staff' }, response: staffSummary },
  { method: 'post', path: '/api/v1/staff/residents/lookup', summary: '按身份证号查询居民（留痕）', tag: 'staff', auth: { kind: 'staff', roles: ['hall_reception', 'hall_window', 'hall_admin', 'dept_reviewer', 'district_admin'] }, body: residentLookupBody, response: residentDetail },
  { method: 'get', path: '/api/v1/staff/audit/verify', summary: '校验审计哈希链', tag: 'audit', auth: { kind: 'staff', roles: ['auditor', 'district_admin'] }, response: auditVerifyResult },
];

/**
 * Every error the API can answer with: a stable code (also the mini-program's message key), the
 * HTTP status it travels with, and the Chinese message shown to people. Codes are never renamed.
 */
export const ERRORS = {
  VALIDATION_FAILED: { status: 400, message: '提交的信息有误，请检查后重试' },
  ID_NUMBER_INVALID: { status: 400, message: '身份证号码不正确' },
  BAD_REQUEST: { status: 400, message: '请求格式不正确' },
  FILE_MISSING: { status: 400, message: '请选择要上传的文件' },
  UNAUTHENTICATED: { status: 401, message: '请先登录' },
  BAD_CREDENTIALS: { status: 401, message: '用户名或密码错误' },
  WECHAT_CODE_INVALID: { status: 401, message: '微信登录凭证已失效，请重新登录' },
  FORBIDDEN: { status: 403, message: '您没有权限进行此操作' },
  WECHAT_LOGIN_BLOCKED: { status: 403, message: '微信提示该账号存在风险，暂时无法登录' },
  BOOKING_RESTRICTED: { status: 403, message: '因多次爽约，预约功能暂停使用' },
  REAL_NAME_REQUIRED: { status: 403, message: '请先完成实名认证' },
  ACCOUNT_DISABLED: { status: 403, message: '该账号已停用，请联系管理员' },
  STATS_SCOPE_FORBIDDEN: { status: 403, message: '只能查看本大厅或本部门的统计数据' },
  NOT_FOUND: { status: 404, message: '找不到该内容' },
  ROUTE_NOT_FOUND: { status: 404, message: '接口不存在' },
  METHOD_NOT_ALLOWED: { status: 405, message: '不支持该请求方式' },
  IDEMPOTENCY_KEY_REUSED: { status: 409, message: '该请求编号已用于另一项不同的提交' },
  IDEMPOTENCY_IN_PROGRESS: { status: 409, message: '相同的请求正在处理中，请稍候' },
  ALREADY_VERIFIED: { status: 409, message: '您已完成实名认证' },
  ID_NUMBER_BOUND_ELSEWHERE: { status: 409, message: '该身份证号已在另一个微信账号完成实名认证' },
  SLOT_FULL: { status: 409, message: '该时段已约满，请选择其他时段' },
  ALREADY_BOOKED: { status: 409, message: '您当天已预约该事项，请勿重复预约' },
  ALREADY_QUEUED: { status: 409, message: '您已在排队，请勿重复取号' },
  INVALID_STATE: { status: 409, message: '当前状态下不能进行此操作' },
  ALREADY_PAID: { status: 409, message: '该费用已缴纳，无需重复支付' },
  NOTHING_TO_PAY: { status: 409, message: '该事项没有需要缴纳的费用' },
  FEE_UNPAID: { status: 409, message: '申请人尚未缴纳费用，缴费后才能出件' },
  ALREADY_EVALUATED: { status: 409, message: '您已评价过，每次服务只能评价一次' },
  REFUND_EXCEEDS_PAID: { status: 422, message: '退款金额超过了可退金额' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '提交的内容过大' },
  FILE_TOO_LARGE: { status: 413, message: '文件过大' },
  FILE_TYPE_NOT_ALLOWED: { status: 415, message: '只能上传 JPG、PNG 图片或 PDF 文件' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '不支持的内容格式' },
  REAL_NAME_MISMATCH: { status: 422, message: '姓名与身份证号码不一致' },
  SLOT_NOT_BOOKABLE: { status: 422, message: '该时段不可预约' },
  TOO_LATE_TO_CANCEL: { status: 422, message: '已过可取消时间，不能取消' },
  CHECK_IN_NOT_OPEN: { status: 422, message: '现在不在签到时间内' },
  QUEUE_CLOSED: { status: 422, message: '大厅现在不在取号时间内' },
  CATEGORY_NOT_SERVED: { status: 422, message: '该大厅不办理此类业务' },
  MATERIALS_MISSING: { status: 422, message: '还有材料没有提供' },
  MATERIAL_NOT_APPLICABLE: { status: 422, message: '该事项不需要这项材料' },
  E_LICENCE_NOT_ACCEPTED: { status: 422, message: '这项材料不能用该电子证照代替' },
  E_LICENCE_NOT_FETCHED: { status: 422, message: '还没有获取这项电子证照（或已过期），请先获取电子证照，或上传材料' },
  NOT_AN_AGENT: { status: 403, message: '您没有获得对方的委托授权' },
  AGENT_SELF_NOT_ALLOWED: { status: 422, message: '不能委托自己代办' },
  NOT_EVALUABLE_YET: { status: 422, message: '服务办结后才能评价' },
  NOTIFICATION_TEMPLATE_UNKNOWN: { status: 422, message: '消息模板已更新，请重新打开小程序后再订阅' },
  ATTACHMENT_NOT_USABLE: { status: 422, message: '附件不存在，或不是您本人上传的文件' },
  TOO_MANY_ATTEMPTS: { status: 429, message: '尝试次数过多，请稍后再试' },
  RATE_LIMITED: { status: 429, message: '操作太频繁，请稍后再试' },
  INTERNAL_ERROR: { status: 500, message: '系统繁忙，请稍后再试' },
  UPSTREAM_UNAVAILABLE: { status: 503, message: '相关系统暂时无法连接，请稍后再试' },
  PAYMENT_UNAVAILABLE: { status: 503, message: '微信支付暂时无法使用，请稍后再试或到窗口缴费' },
  SERVICE_UNAVAILABLE: { status: 503, message: '服务暂时不可用，请稍后再试' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

/** The body of every error response (API.md, Conventions). */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  requestId: string;
  details?: ErrorDetails;
}

/** `fields` maps a dotted path ("form.idNumber") to a Chinese message. */
export interface ErrorDetails {
  fields?: Record<string, string>;
  [key: string]: unknown;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERRORS, value);
}

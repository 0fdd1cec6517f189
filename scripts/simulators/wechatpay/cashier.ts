/**
 * "Pay as the resident" for the H5 build in development, where there is no WeChat client to run
 * requestPayment: the API sends the browser to `/__sim/cashier?prepay_id=…&redirect=…`, the
 * resident presses 确认支付 or 取消支付, and lands back on `redirect` with `wxpay=ok|cancel`.
 * Confirming pays the order exactly as `/__sim/orders/{no}/pay` does (one TRANSACTION.SUCCESS).
 * The page needs no script: two plain forms, so the CSP can forbid scripts outright.
 */
import { randomBytes } from 'node:crypto';

import { ControlError } from '../lib/controls';
import { yuan } from './format';
import { cancelAtCashier, isPaid, PREPAY_TTL_MS, payOrder, refreshExpiry } from './orders';
import type { Runtime } from './runtime';
import type { Order } from './state';
import { isLoopbackHost } from './validate';

export interface CashierReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type CashierAction = 'confirm' | 'cancel';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Only loopback targets: the cashier must not become an open redirect. */
function parseRedirect(raw: string | null): URL | undefined {
  if (raw === null || raw === '') return undefined;
  try {
    const url = new URL(raw);
    return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.hostname) ? url : undefined;
  } catch {
    return undefined;
  }
}

/** `redirect` with `wxpay=<result>` appended to its query (before any fragment). */
export function withResult(redirect: string, result: 'ok' | 'cancel'): string {
  const hashAt = redirect.indexOf('#');
  const base = hashAt < 0 ? redirect : redirect.slice(0, hashAt);
  const hash = hashAt < 0 ? '' : redirect.slice(hashAt);
  return `${base}${base.includes('?') ? '&' : '?'}wxpay=${result}${hash}`;
}

const STYLE = `
body{margin:0;font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#ededed;color:#111;font-size:20px;line-height:1.5}
main{max-width:480px;margin:0 auto;padding:32px 20px}
.tag{margin:0 0 24px;font-size:16px;color:#576b95;text-align:center}
h1{margin:0 0 8px;font-size:22px;font-weight:500;text-align:center;word-break:break-all}
.amount{margin:0 0 8px;font-size:44px;font-weight:600;text-align:center}
.meta{margin:0 0 32px;font-size:16px;color:#666;text-align:center;word-break:break-all}
form{margin:0 0 16px}
button,a.button{display:block;box-sizing:border-box;width:100%;min-height:56px;padding:12px;border:0;border-radius:8px;font-size:22px;text-align:center;text-decoration:none;cursor:pointer}
.primary{background:#07c160;color:#fff}
.secondary{background:#fff;color:#111}
.notice{padding:16px;border-radius:8px;background:#fff;font-size:20px;text-align:center}
`;

function page(title: string, content: string, status: number, formTargets: string[] = []): CashierReply {
  const nonce = randomBytes(16).toString('base64');
  const html = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<main>
<p class="tag">微信支付 · 开发环境模拟收银台</p>
${content}
</main>
</body>
</html>
`;
  return {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      // No script at all; forms may post here and (through the 303) land on the loopback redirect.
      'content-security-policy': `default-src 'none'; style-src 'nonce-${nonce}'; img-src 'none'; form-action 'self'${formTargets.map((t) => ` ${t}`).join('')}; base-uri 'none'; frame-ancestors 'none'`,
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    },
    body: html,
  };
}

function errorPage(status: number, message: string): CashierReply {
  return page('微信支付', `<p class="notice" id="wxpay-error">${escapeHtml(message)}</p>`, status);
}

function redirectTo(location: string): CashierReply {
  return { status: 303, headers: { location, 'cache-control': 'no-store', 'content-type': 'text/plain; charset=utf-8' }, body: `See ${location}\n` };
}

type Lookup = { ok: true; order: Order; redirect: URL } | { ok: false; reply: CashierReply };

function lookup(rt: Runtime, prepayId: string | null, rawRedirect: string | null): Lookup {
  const redirect = parseRedirect(rawRedirect);
  if (!redirect) return { ok: false, reply: errorPage(400, 'redirect 必须是本机地址（127.0.0.1、localhost 或 [::1]）的 http(s) URL') };
  const entry = prepayId === null ? undefined : rt.state.prepayIndex.get(prepayId);
  const order = entry === undefined ? undefined : rt.state.orders.get(entry.orderKey);
  if (!entry || !order) return { ok: false, reply: errorPage(404, '找不到该支付订单（prepay_id 无效）') };
  if (rt.state.now() - entry.issuedAt >= PREPAY_TTL_MS && !isPaid(order)) return { ok: false, reply: errorPage(410, '支付已超时（prepay_id 有效期 2 小时），请返回重新发起支付') };
  return { ok: true, order, redirect };
}

function hidden(name: string, value: string): string {
  return `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
}

/** `GET /__sim/cashier?prepay_id=…&redirect=…`. */
export function cashierPage(rt: Runtime, query: URLSearchParams): CashierReply {
  const prepayId = query.get('prepay_id');
  const found = lookup(rt, prepayId, query.get('redirect'));
  if (!found.ok) return found.reply;
  const { order, redirect } = found;
  refreshExpiry(rt.state, order);
  const summary = `<h1 id="wxpay-description">${escapeHtml(order.description)}</h1>
<p class="amount" id="wxpay-amount">¥${yuan(order.total)}</p>
<p class="meta">商户订单号 ${escapeHtml(order.outTradeNo)}</p>`;
  if (isPaid(order)) {
    return page('微信支付', `${summary}\n<p class="notice">该订单已支付</p>\n<a class="button primary" id="wxpay-return" href="${escapeHtml(withResult(redirect.href, 'ok'))}">返回商户</a>`, 200);
  }
  if (order.state === 'CLOSED') return errorPage(410, '订单已关闭，请返回重新下单');
  const fields = hidden('prepay_id', prepayId ?? '') + hidden('redirect', redirect.href);
  return page(
    '微信支付',
    `${summary}
<form method="post" action="/__sim/cashier/confirm">${fields}<button type="submit" class="primary" id="wxpay-confirm">确认支付</button></form>
<form method="post" action="/__sim/cashier/cancel">${fields}<button type="submit" class="secondary" id="wxpay-cancel">取消支付</button></form>`,
    200,
    [redirect.origin],
  );
}

/** `POST /__sim/cashier/confirm|cancel` (form or JSON `{prepay_id, redirect}`): acts, then 303 to `redirect`. */
export function cashierAction(rt: Runtime, action: CashierAction, form: URLSearchParams): CashierReply {
  const found = lookup(rt, form.get('prepay_id'), form.get('redirect'));
  if (!found.ok) return found.reply;
  const { order, redirect } = found;
  refreshExpiry(rt.state, order);
  if (action === 'cancel') {
    if (!isPaid(order) && order.state !== 'CLOSED') cancelAtCashier(rt.state, order);
    return redirectTo(withResult(redirect.href, 'cancel'));
  }
  // A second press (or a back-button resubmission) after success lands on the same result.
  if (isPaid(order)) return redirectTo(withResult(redirect.href, 'ok'));
  try {
    payOrder(rt, order, { openid: order.openid });
  } catch (error) {
    if (error instanceof ControlError) return errorPage(409, '订单已关闭，无法支付');
    throw error;
  }
  return redirectTo(withResult(redirect.href, 'ok'));
}

/** One detail line of a WeChat Pay trade bill (wechatpay-v3.md §11), amounts in fen. */
export interface BillRow {
  outTradeNo: string;
  transactionId: string;
  tradeState: string;
  amountFen: number;
  outRefundNo: string | null;
  refundFen: number;
}

/**
 * Parses the bill CSV: a header line, detail lines whose fields each start with a backtick, then
 * a summary header and line. Columns are found by their Chinese names, not positions, and yuan
 * become fen without floating-point drift.
 */
export function parseTradeBill(csv: string): BillRow[] {
  const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`trade bill has no column ${name}`);
    return i;
  };
  const at = { outTradeNo: col('商户订单号'), transactionId: col('微信订单号'), state: col('交易状态'), amount: col('应结订单金额'), outRefundNo: col('商户退款单号'), refund: col('退款金额') };
  const rows: BillRow[] = [];
  for (const line of lines.slice(1)) {
    // The detail block ends where the summary header (no backtick) begins.
    if (!line.startsWith('`')) break;
    const f = line.split(',').map((v) => v.replace(/^`/, '').trim());
    const outRefundNo = f[at.outRefundNo] ?? '';
    rows.push({
      outTradeNo: f[at.outTradeNo] ?? '',
      transactionId: f[at.transactionId] ?? '',
      tradeState: f[at.state] ?? '',
      amountFen: toFen(f[at.amount]),
      outRefundNo: outRefundNo && outRefundNo !== '0' ? outRefundNo : null,
      refundFen: toFen(f[at.refund]),
    });
  }
  return rows;
}

export function toFen(yuan: string | undefined): number {
  if (!yuan) return 0;
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(yuan.trim());
  if (!m) throw new Error(`not an amount: ${yuan}`);
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -fen : fen;
}

/**
 * The simulator's reference copy of the canonical tracking model (spec §4) and the SF opCode
 * table. The simulator uses it to pick a typical opCode for `advance {canonical}`, to refuse a
 * cancel after pickup (§3.2), and to show a status in `/__sim/orders/{id}`. Our API implements
 * its own derivation; this one exists so tests can state what a correct receiver must end with.
 */

export const CANONICAL_CODES = ['CREATED', 'PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED', 'RETURNING', 'RETURNED', 'CANCELLED', 'EXCEPTION'] as const;
export type CanonicalCode = (typeof CANONICAL_CODES)[number];

export interface CanonicalDef {
  name: string;
  /** null: not on the rank ladder (CANCELLED, the EXCEPTION overlay). */
  rank: number | null;
  terminal: boolean;
}

export const CANONICAL: Readonly<Record<CanonicalCode, CanonicalDef>> = {
  CREATED: { name: '已下单', rank: 0, terminal: false },
  PICKED_UP: { name: '已揽收', rank: 10, terminal: false },
  IN_TRANSIT: { name: '运输中', rank: 20, terminal: false },
  OUT_FOR_DELIVERY: { name: '派送中', rank: 30, terminal: false },
  DELIVERED: { name: '已签收', rank: 40, terminal: true },
  RETURNING: { name: '退回中', rank: 35, terminal: false },
  RETURNED: { name: '已退回签收', rank: 45, terminal: true },
  CANCELLED: { name: '已取消', rank: null, terminal: true },
  EXCEPTION: { name: '异常', rank: null, terminal: false },
};

/** §4 opCode table (observed in public integrations, not authoritative). */
export const OPCODE_CANONICAL: Readonly<Record<string, CanonicalCode>> = {
  '50': 'PICKED_UP',
  '54': 'PICKED_UP',
  '30': 'IN_TRANSIT',
  '31': 'IN_TRANSIT',
  '36': 'IN_TRANSIT',
  '407': 'IN_TRANSIT',
  '501': 'IN_TRANSIT',
  '44': 'OUT_FOR_DELIVERY',
  '204': 'OUT_FOR_DELIVERY',
  '80': 'DELIVERED',
  '8000': 'DELIVERED',
  '33': 'EXCEPTION',
  '70': 'EXCEPTION',
  '99': 'EXCEPTION',
  '648': 'RETURNING',
  '631': 'RETURNED',
};

/** Sign-off codes: DELIVERED normally, RETURNED once the shipment is RETURNING. */
const SIGN_OFF = new Set(['80', '8000']);

/** Remarks as SF writes them, for routes added without one. */
export const OPCODE_REMARK: Readonly<Record<string, string>> = {
  '50': '顺丰速运 已收取快件',
  '54': '快件已被顺丰收寄',
  '30': '快件在【广州海珠集散中心】完成分拣，准备发往下一站',
  '31': '快件到达【广州海珠集散中心】',
  '36': '快件已发车，运输中',
  '407': '快件离开【广州海珠集散中心】，正在发往下一站',
  '501': '快件运输中',
  '44': '快件交给快递员，正在派送途中',
  '204': '快件派送中',
  '80': '快件已签收，感谢使用顺丰，期待再次为您服务',
  '8000': '已签收',
  '33': '快件滞留，待再次处理',
  '70': '快件派送不成功，将再次派送',
  '99': '快件处理异常，请联系客服',
  '648': '快件已退回，正在退回寄件人途中',
  '631': '快件已退回，寄件人已签收',
};

export const UNKNOWN_OPCODE_REMARK = '快件处理中';

/** Canonical codes `advance {canonical}` accepts, and the opCode it writes for each. */
export const TYPICAL_OPCODE: Readonly<Partial<Record<CanonicalCode, string>>> = {
  PICKED_UP: '50',
  IN_TRANSIT: '30',
  OUT_FOR_DELIVERY: '44',
  DELIVERED: '80',
  EXCEPTION: '70',
  RETURNING: '648',
  RETURNED: '631',
};

export function remarkFor(opCode: string): string {
  return OPCODE_REMARK[opCode] ?? UNKNOWN_OPCODE_REMARK;
}

/** True for opCodes that end a shipment (never held back by the reorder policy). */
export function isTerminalOpCode(opCode: string): boolean {
  const canonical = OPCODE_CANONICAL[opCode];
  return canonical !== undefined && CANONICAL[canonical].terminal;
}

export interface RouteLike {
  acceptTime: string;
  opCode: string;
}

/** Sorted by acceptTime, ties kept in list order (§3.4). `yyyy-MM-dd HH:mm:ss` sorts as text. */
export function sortRoutes<T extends RouteLike>(routes: readonly T[]): T[] {
  return routes
    .map((route, index) => ({ route, index }))
    .sort((a, b) => (a.route.acceptTime < b.route.acceptTime ? -1 : a.route.acceptTime > b.route.acceptTime ? 1 : a.index - b.index))
    .map(({ route }) => route);
}

export interface Derived {
  status: CanonicalCode;
  exception: boolean;
  /** The status after each route, in acceptTime order. */
  timeline: { opCode: string; acceptTime: string; status: CanonicalCode; exception: boolean }[];
}

function rankOf(code: CanonicalCode): number {
  return CANONICAL[code].rank ?? -1;
}

/**
 * §4 rules over a set of routes (any order): highest rank wins, terminal is sticky, EXCEPTION is
 * a flag cleared by a later higher-rank event, sign-off while RETURNING means RETURNED, unknown
 * opCodes count as IN_TRANSIT once picked up.
 */
export function deriveStatus(routes: readonly RouteLike[]): Derived {
  let status: CanonicalCode = 'CREATED';
  let exception = false;
  const timeline: Derived['timeline'] = [];
  for (const route of sortRoutes(routes)) {
    let event = OPCODE_CANONICAL[route.opCode];
    if (event === undefined && rankOf(status) >= rankOf('PICKED_UP')) event = 'IN_TRANSIT';
    if (event !== undefined && SIGN_OFF.has(route.opCode) && status === 'RETURNING') event = 'RETURNED';
    if (event !== undefined && !CANONICAL[status].terminal) {
      if (event === 'EXCEPTION') exception = true;
      else if (rankOf(event) > rankOf(status)) {
        status = event;
        exception = false;
      }
    }
    timeline.push({ opCode: route.opCode, acceptTime: route.acceptTime, status, exception });
  }
  return { status, exception, timeline };
}

// ---------------------------------------------------------------- canned scenarios (§5 script)

export const SCENARIOS = ['happy', 'pickup_failed', 'exception_then_delivered', 'returned'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface ScriptStep {
  opCode: string;
  remark?: string;
  reasonCode?: string;
  reasonName?: string;
}

/** The routes each scenario appends, one per step. */
export const SCENARIO_STEPS: Readonly<Record<Scenario, readonly ScriptStep[]>> = {
  happy: [{ opCode: '50' }, { opCode: '30' }, { opCode: '31' }, { opCode: '44' }, { opCode: '80' }],
  // Before pickup: the order stays CREATED (with the exception flag), so a cancel is still allowed.
  pickup_failed: [{ opCode: '33', remark: '收件员上门未能收取快件，待与寄件人重新约定', reasonCode: '01', reasonName: '寄件人不在' }],
  exception_then_delivered: [
    { opCode: '50' },
    { opCode: '30' },
    { opCode: '31' },
    { opCode: '44' },
    { opCode: '33', remark: '快件滞留：收件人要求改约派送时间', reasonCode: '02', reasonName: '客户改约' },
    { opCode: '44' },
    { opCode: '80' },
  ],
  returned: [
    { opCode: '50' },
    { opCode: '30' },
    { opCode: '31' },
    { opCode: '44' },
    { opCode: '70', remark: '快件派送不成功：收件人拒收', reasonCode: '03', reasonName: '收件人拒收' },
    { opCode: '648' },
    { opCode: '631' },
  ],
};

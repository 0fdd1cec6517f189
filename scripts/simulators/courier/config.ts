/**
 * Start-up options, the dev defaults, and `POST /__sim/config`. Configuration is rebuilt from the
 * options on every reset, so a test's `/__sim/config` never leaks into the next test.
 */
import { SCENARIOS, type Scenario } from './canonical';
import type { AutoPolicy, DuplicateOrderMode, Partner, RetrySchedule, RouteOrder, SimConfig } from './state';
import { asRecord, FieldError, optBool, optEnum, reqArray, reqString, reqUrl } from './validate';

export interface CourierSimulatorOptions {
  /** 0 = ephemeral. Default 0. */
  port?: number;
  /** Default 127.0.0.1: the `/__sim/*` controls are unauthenticated. */
  host?: string;
  /** Default: the one dev partner of `COURIER_SIM_DEV_DEFAULTS`. */
  partners?: readonly Partner[];
  /** Our API's route-push endpoint; without it pushes wait in the log (state `no_url`). */
  pushUrl?: string;
  /** Add `X-Courier-Timestamp` / `X-Courier-Digest` to pushes (§3.5). Default true. */
  pushSign?: boolean;
  /** What a second create with a used orderId gets (§3.1). Default `error` (8016). */
  duplicateOrder?: DuplicateOrderMode;
  /** Push retry schedule (§3.5); `compressed` reads each minute as a millisecond. Default `contract`. */
  retrySchedule?: RetrySchedule;
  /** Base clock in epoch ms (default Date.now); `/__sim/clock` offsets apply on top. */
  clock?: () => number;
  /** Runs `scenario` on every newly created order by itself, one route per `stepMs` (default 3000). */
  auto?: { scenario: Scenario; stepMs?: number };
}

/** Development credentials; never used outside a developer's machine or tests. */
export const COURIER_SIM_DEV_DEFAULTS = {
  port: 7351,
  partnerID: 'HZZW_DEV',
  checkWord: 'HZZWdevCheckWord0123456789abcdef',
  monthlyCard: '0201234567',
  autoStepMs: 3000,
} as const;

export const DEFAULT_AUTO_STEP_MS = COURIER_SIM_DEV_DEFAULTS.autoStepMs;
export const ROUTE_ORDERS: readonly RouteOrder[] = ['random', 'sorted', 'reversed', 'shuffled'];
export const DUPLICATE_ORDER_MODES: readonly DuplicateOrderMode[] = ['error', 'return_original'];

function devPartner(): Partner {
  const { partnerID, checkWord, monthlyCard } = COURIER_SIM_DEV_DEFAULTS;
  return { partnerID, checkWord, monthlyCard };
}

/** The configuration a fresh (or reset) simulator starts with. */
export function bootState(options: CourierSimulatorOptions): { config: SimConfig; auto: AutoPolicy; retrySchedule: RetrySchedule } {
  const partners = options.partners && options.partners.length > 0 ? options.partners.map((p) => ({ ...p })) : [devPartner()];
  return {
    config: {
      partners,
      pushUrl: options.pushUrl,
      pushSign: options.pushSign ?? true,
      duplicateOrder: options.duplicateOrder ?? 'error',
      serviceableProvinces: undefined,
      routeOrder: 'random',
    },
    auto: { scenario: options.auto?.scenario ?? null, stepMs: options.auto?.stepMs ?? DEFAULT_AUTO_STEP_MS },
    retrySchedule: options.retrySchedule ?? 'contract',
  };
}

function parsePartner(raw: unknown, prefix: string): Partner {
  const obj = asRecord(raw, prefix);
  return {
    partnerID: reqString(obj, 'partnerID', prefix, 64),
    checkWord: reqString(obj, 'checkWord', prefix),
    monthlyCard: reqString(obj, 'monthlyCard', prefix),
  };
}

/** Applies `POST /__sim/config`: keys left out keep their value; `partners` replaces the list; `null` clears pushUrl / serviceableProvinces. */
export function applyConfig(config: SimConfig, raw: unknown): SimConfig {
  const body = asRecord(raw ?? {}, 'body');
  const next: SimConfig = structuredClone(config);
  if (body.partners !== undefined) {
    next.partners = reqArray(body, 'partners', '', { min: 1 }).map((entry, i) => parsePartner(entry, `partners[${i}]`));
    const ids = new Set(next.partners.map((p) => p.partnerID));
    if (ids.size !== next.partners.length) throw new FieldError('partners', 'must not repeat a partnerID');
  }
  if (body.pushUrl !== undefined) next.pushUrl = body.pushUrl === null ? undefined : reqUrl(body, 'pushUrl');
  next.pushSign = optBool(body, 'pushSign') ?? next.pushSign;
  next.duplicateOrder = optEnum(body, 'duplicateOrder', DUPLICATE_ORDER_MODES) ?? next.duplicateOrder;
  next.routeOrder = optEnum(body, 'routeOrder', ROUTE_ORDERS) ?? next.routeOrder;
  if (body.serviceableProvinces !== undefined) {
    next.serviceableProvinces =
      body.serviceableProvinces === null
        ? undefined
        : reqArray(body, 'serviceableProvinces').map((p, i) => {
            if (typeof p !== 'string' || p === '') throw new FieldError(`serviceableProvinces[${i}]`, 'must be a province name like 广东省');
            return p;
          });
  }
  return next;
}

export function isScenario(value: unknown): value is Scenario {
  return SCENARIOS.some((s) => s === value);
}

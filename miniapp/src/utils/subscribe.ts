import Taro from '@tarojs/taro';
import { notificationCatalogue, SUBSCRIBE_RESULTS, type NotificationCatalogue, type SubscribeMoment, type SubscriptionsBody } from '@haizhu/shared-types';
import { getNotificationCatalogue, postSubscriptions } from '../api/notification';
import { simulatedOpenid, usesSimulator } from '../auth/provider';
import { IS_WEAPP } from '../config';
import { currentResidentToken } from '../store/session';
import { STORAGE_KEYS, readStorage, writeStorage } from './storage';

/**
 * 订阅消息 (specs/wechat-miniprogram.md §7.2). WeChat shows its consent dialog only when
 * requestSubscribeMessage is called from inside a tap, so the template ids must be at hand
 * synchronously: the catalogue is fetched when this module loads (pages that ask import it) and
 * kept in storage for the next launch. Asking never blocks the action it belongs to.
 */

/** Longest the action waits for the answer to be recorded; the dialog itself is the resident's time. */
const RECORD_WAIT_MS = 3000;

let catalogue: NotificationCatalogue | null = cached();
let loading: Promise<void> | null = null;

function cached(): NotificationCatalogue | null {
  const parsed = notificationCatalogue.safeParse(readStorage(STORAGE_KEYS.subscribeCatalogue));
  return parsed.success ? parsed.data : null;
}

/** Fetches the catalogue (once at a time); a failure leaves the cached one, or none, in place. */
export function preloadSubscriptions(): Promise<void> {
  loading ??= getNotificationCatalogue()
    .then((fresh) => {
      catalogue = fresh;
      writeStorage(STORAGE_KEYS.subscribeCatalogue, fresh);
    })
    .catch(() => undefined)
    .finally(() => {
      loading = null;
    });
  return loading;
}

void preloadSubscriptions();

/**
 * Asks consent for the messages that follow a tap — `book` 预约, `queue` 取号, `submit` 提交申请,
 * `pay` 缴费, `consult` 咨询 — and posts WeChat's raw answer to the API.
 *
 * Call it first in the tap handler, before any `await`: the WeChat call starts synchronously here.
 * Never rejects. Resolves once the answer is recorded, or after a few seconds, or at once when there
 * is nothing to ask (not logged in, catalogue not loaded yet, main switch off, H5 in production).
 */
export function askSubscribe(moment: SubscribeMoment): Promise<void> {
  const tmplIds = catalogue?.moments[moment] ?? [];
  if (!catalogue) void preloadSubscriptions();
  if (tmplIds.length === 0 || !currentResidentToken()) return Promise.resolve();
  const recorded = requestConsent(tmplIds)
    .then((answer) => (answer ? postSubscriptions(answer) : undefined))
    .then(() => undefined)
    // 20004 main switch off, 10005 app went to background, a network error: the action goes on.
    .catch(() => undefined);
  return Promise.race([recorded, new Promise<void>((resolve) => setTimeout(resolve, RECORD_WAIT_MS))]);
}

/** WeChat's answer, keyed by template id, as the API wants it; null when there is nothing to record. */
function requestConsent(tmplIds: string[]): Promise<SubscriptionsBody | null> {
  if (IS_WEAPP) {
    return Taro.requestSubscribeMessage({ tmplIds } as Taro.requestSubscribeMessage.Option).then((res) => {
      const raw = res as unknown as Record<string, unknown>;
      const answer: SubscriptionsBody = { errMsg: String(raw.errMsg ?? '') };
      for (const id of tmplIds) {
        const value = raw[id];
        if (typeof value === 'string' && (SUBSCRIBE_RESULTS as readonly string[]).includes(value)) answer[id] = value;
      }
      return Object.keys(answer).length > 1 ? answer : null;
    });
  }
  if (usesSimulator) return simulateAcceptance(tmplIds);
  return Promise.resolve(null);
}

/**
 * H5 has no WeChat client to ask. In development it plays the resident who taps 允许: it records the
 * accept where WeChat's client would (the simulator, whose address the API gives outside production
 * only) and answers as requestSubscribeMessage would.
 */
async function simulateAcceptance(tmplIds: string[]): Promise<SubscriptionsBody | null> {
  const url = catalogue?.devConsentUrl;
  if (!url) return null;
  const openid = simulatedOpenid();
  // no-cors: the simulator sends no CORS headers; its answer isn't needed, only that it hears.
  await fetch(url, { method: 'POST', mode: 'no-cors', body: JSON.stringify(tmplIds.map((templateId) => ({ openid, templateId, status: 'accept' }))) }).catch(() => undefined);
  return { ...Object.fromEntries(tmplIds.map((id) => [id, 'accept'])), errMsg: 'requestSubscribeMessage:ok' };
}

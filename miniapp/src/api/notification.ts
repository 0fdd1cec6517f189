import {
  notificationCatalogue,
  subscriptionView,
  type NotificationCatalogue,
  type SubscriptionsBody,
  type SubscriptionView,
} from '@haizhu/shared-types';
import { z } from 'zod';
import { apiRequest } from './client';

const subscriptionList = z.object({ items: z.array(subscriptionView) });

/** Which template ids to ask consent for at which tap (public: no token needed). */
export function getNotificationCatalogue(): Promise<NotificationCatalogue> {
  return apiRequest({ method: 'GET', path: '/api/v1/notifications/templates', auth: 'none', schema: notificationCatalogue });
}

/** The raw requestSubscribeMessage result, counted by the server; answers my consents. */
export async function postSubscriptions(result: SubscriptionsBody): Promise<SubscriptionView[]> {
  const res = await apiRequest({ method: 'POST', path: '/api/v1/me/subscriptions', auth: 'resident', body: result, schema: subscriptionList });
  return res.items;
}

/** My consent per template (消息订阅 in 设置). */
export async function getSubscriptions(): Promise<SubscriptionView[]> {
  return (await apiRequest({ method: 'GET', path: '/api/v1/me/subscriptions', auth: 'resident', schema: subscriptionList })).items;
}

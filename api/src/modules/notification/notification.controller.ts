import { Controller, Get, Inject, Post } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import { notificationsQuery, subscriptionsBody } from '@haizhu/shared-types';
import { requireResident } from '../../common/actor';
import { parse } from '../../common/validate';
import { NotificationService } from './notification.service';

/** The template catalogue (public), my consents, and the messages sent to me. */
@Controller('/api/v1')
export class NotificationController {
  @Inject()
  ctx!: Context;

  @Inject()
  notifications!: NotificationService;

  /** Which template ids the mini-program asks consent for at which tap; no token (asked before login too). */
  @Get('/notifications/templates')
  async templates() {
    return this.notifications.catalogue();
  }

  /** The raw wx.requestSubscribeMessage result; answers my consents after counting it. */
  @Post('/me/subscriptions')
  async subscribe() {
    const { residentId } = requireResident(this.ctx);
    return { items: await this.notifications.recordConsent(residentId, parse(subscriptionsBody, this.ctx.request.body)) };
  }

  @Get('/me/subscriptions')
  async subscriptions() {
    return { items: await this.notifications.subscriptions(requireResident(this.ctx).residentId) };
  }

  @Get('/me/notifications')
  async mine() {
    const { residentId } = requireResident(this.ctx);
    const q = parse(notificationsQuery, this.ctx.query);
    return this.notifications.mine(residentId, q.limit, q.cursor);
  }
}

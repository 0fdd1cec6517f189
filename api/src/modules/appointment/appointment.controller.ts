import { Controller, Del, Get, Inject, Post, Put } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import {
  addWorkingDaysQuery,
  bookBody,
  calendarDayBody,
  calendarQuery,
  callNextBody,
  hallDatesQuery,
  isoDate,
  scheduleBody,
  slotsQuery,
  staffCheckInBody,
  ticketBody,
} from '@haizhu/shared-types';
import { z } from 'zod';
import { requireResident, requireStaff } from '../../common/actor';
import { parse } from '../../common/validate';
import { AppointmentService } from './appointment.service';
import { CalendarService } from './calendar.service';
import { QUEUE_ROLES, QueueService } from './queue.service';

const ticketAction = z.enum(['recall', 'skip', 'serve', 'done']);
const walkInBody = z.object({ category: z.string().min(1).max(40), itemCode: z.string().max(64).optional() });

@Controller('/api/v1')
export class CalendarController {
  @Inject()
  ctx!: Context;

  @Inject()
  calendar!: CalendarService;

  @Get('/calendar')
  async days() {
    const { from, to } = parse(calendarQuery, this.ctx.query);
    return this.calendar.days(from, to);
  }

  @Get('/calendar/add-working-days')
  async addWorkingDays() {
    const { from, days } = parse(addWorkingDaysQuery, this.ctx.query);
    return { date: await this.calendar.addWorkingDays(from, days) };
  }

  @Put('/staff/calendar/:date')
  async setDay() {
    const actor = requireStaff(this.ctx, ['district_admin']);
    const date = parse(isoDate, this.ctx.params.date, 'date');
    const { kind, name } = parse(calendarDayBody, this.ctx.request.body);
    return this.calendar.setDay(actor, date, kind, name);
  }

  @Del('/staff/calendar/:date')
  async clearDay() {
    const actor = requireStaff(this.ctx, ['district_admin']);
    return this.calendar.clearDay(actor, parse(isoDate, this.ctx.params.date, 'date'));
  }
}

@Controller('/api/v1')
export class AppointmentController {
  @Inject()
  ctx!: Context;

  @Inject()
  appointments!: AppointmentService;

  /** API.md: a bare list of the day's slots. */
  @Get('/halls/:hallId/slots')
  async slots() {
    const { date, category } = parse(slotsQuery, this.ctx.query);
    return this.appointments.slots(String(this.ctx.params.hallId), date, category);
  }

  @Get('/halls/:hallId/dates')
  async dates() {
    const { category, from, days } = parse(hallDatesQuery, this.ctx.query);
    return { items: await this.appointments.dates(String(this.ctx.params.hallId), category, from, days) };
  }

  @Post('/appointments')
  async book() {
    const { residentId } = requireResident(this.ctx);
    const { slotId, itemCode } = parse(bookBody, this.ctx.request.body);
    const result = await this.appointments.book(residentId, slotId, itemCode);
    this.ctx.status = 201;
    return result;
  }

  @Get('/appointments')
  async list() {
    const { residentId } = requireResident(this.ctx);
    return { items: await this.appointments.list(residentId), nextCursor: null };
  }

  @Get('/appointments/restriction')
  async restriction() {
    return this.appointments.restriction(requireResident(this.ctx).residentId);
  }

  @Get('/appointments/:id')
  async get() {
    return this.appointments.view(requireResident(this.ctx).residentId, String(this.ctx.params.id));
  }

  @Post('/appointments/:id/cancel')
  async cancel() {
    return this.appointments.cancel(requireResident(this.ctx).residentId, String(this.ctx.params.id));
  }

  @Post('/appointments/:id/check-in')
  async checkIn() {
    return { ticket: await this.appointments.checkIn(requireResident(this.ctx).residentId, String(this.ctx.params.id)) };
  }

  @Post('/staff/appointments/check-in')
  async staffCheckIn() {
    const actor = requireStaff(this.ctx, QUEUE_ROLES);
    const { code } = parse(staffCheckInBody, this.ctx.request.body);
    return { ticket: await this.appointments.checkInByCode(actor, code) };
  }

  @Post('/staff/halls/:hallId/schedules')
  async openSchedule() {
    const actor = requireStaff(this.ctx, ['hall_admin', 'district_admin']);
    const body = parse(scheduleBody, this.ctx.request.body);
    const result = await this.appointments.openSchedule(actor, String(this.ctx.params.hallId), body);
    this.ctx.status = 201;
    return result;
  }
}

@Controller('/api/v1')
export class QueueController {
  @Inject()
  ctx!: Context;

  @Inject()
  queue!: QueueService;

  /** Remote 取号 by a resident. */
  @Post('/queue/tickets')
  async take() {
    const { residentId } = requireResident(this.ctx);
    const { hallId, category, itemCode } = parse(ticketBody, this.ctx.request.body);
    const ticket = await this.queue.take({ hallId, category, residentId, source: 'remote', itemCode }, { type: 'resident', id: residentId });
    this.ctx.status = 201;
    return ticket;
  }

  @Get('/queue/tickets')
  async mine() {
    return { items: await this.queue.mine(requireResident(this.ctx).residentId) };
  }

  @Get('/queue/tickets/:id')
  async get() {
    const residentId = this.ctx.actor?.type === 'resident' ? this.ctx.actor.residentId : null;
    return this.queue.residentView(residentId, String(this.ctx.params.id));
  }

  /** Reception gives a walk-in a number. */
  @Post('/staff/halls/:hallId/tickets')
  async walkIn() {
    const actor = requireStaff(this.ctx, QUEUE_ROLES);
    const { category, itemCode } = parse(walkInBody, this.ctx.request.body);
    const ticket = await this.queue.walkIn(actor, String(this.ctx.params.hallId), category, itemCode);
    this.ctx.status = 201;
    return ticket;
  }

  @Post('/staff/windows/:windowId/call-next')
  async callNext() {
    const actor = requireStaff(this.ctx, QUEUE_ROLES);
    const { categories } = parse(callNextBody, this.ctx.request.body);
    const ticket = await this.queue.callNext(actor, String(this.ctx.params.windowId), categories);
    if (!ticket) {
      this.ctx.status = 204;
      return undefined;
    }
    return ticket;
  }

  @Post('/staff/tickets/:id/:action')
  async act() {
    const actor = requireStaff(this.ctx, QUEUE_ROLES);
    const action = parse(ticketAction, this.ctx.params.action, 'action');
    return this.queue.act(actor, String(this.ctx.params.id), action);
  }

  @Get('/staff/halls/:hallId/queue')
  async console() {
    const actor = requireStaff(this.ctx, QUEUE_ROLES);
    return { items: await this.queue.console(actor, String(this.ctx.params.hallId)) };
  }

  /** The hall's big screen (public: numbers only). */
  @Get('/halls/:hallId/queue/display')
  async display() {
    return this.queue.display(String(this.ctx.params.hallId));
  }
}

import { Controller, Get, Inject, Post } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import {
  type AgentAuthorisation,
  agentBody,
  checkIdNumber,
  type DataAccessEntry,
  type MeProfile,
  type Page,
  pageQuery,
  phoneBody,
  type PhoneResult,
  realNameBody,
  type RealNameResult,
  type WechatLoginResult,
  wechatLoginBody,
} from '@haizhu/shared-types';
import { requireResident } from '../../common/actor';
import { AppError } from '../../common/errors';
import { fieldMessages, parse } from '../../common/validate';
import { IdentityService } from './identity.service';
import { SessionService } from './session.service';

@Controller('/api/v1')
export class IdentityController {
  @Inject()
  ctx!: Context;

  @Inject()
  identity!: IdentityService;

  @Inject()
  sessions!: SessionService;

  @Post('/auth/wechat-login')
  async wechatLogin(): Promise<WechatLoginResult> {
    const { code } = parse(wechatLoginBody, this.ctx.request.body);
    return this.identity.wechatLogin(code, this.ctx.ip);
  }

  /** Ends the caller's session (residents and staff alike). */
  @Post('/auth/logout')
  async logout(): Promise<{ ok: true }> {
    if (!this.ctx.actor) throw new AppError('UNAUTHENTICATED');
    await this.sessions.revoke(this.ctx.actor.sessionId);
    return { ok: true };
  }

  @Get('/me')
  async me(): Promise<MeProfile> {
    return this.identity.profile(requireResident(this.ctx).residentId);
  }

  @Post('/me/real-name')
  async realName(): Promise<RealNameResult> {
    const { residentId } = requireResident(this.ctx);
    const parsed = realNameBody.safeParse(this.ctx.request.body ?? {});
    if (!parsed.success) {
      const fields = fieldMessages(parsed.error);
      // A bad ID number has its own stable code (API.md), with the reason in details.
      if (fields.idNumber && Object.keys(fields).length === 1) {
        const raw = (this.ctx.request.body as { idNumber?: unknown })?.idNumber;
        const check = typeof raw === 'string' ? checkIdNumber(raw) : undefined;
        throw new AppError('ID_NUMBER_INVALID', fields.idNumber, {
          fields,
          reason: check && !check.ok ? check.reason : 'format',
        });
      }
      throw new AppError('VALIDATION_FAILED', undefined, { fields });
    }
    const { name, idNumber } = parsed.data;
    const check = checkIdNumber(idNumber);
    if (!check.ok) throw new AppError('ID_NUMBER_INVALID', check.message);
    return this.identity.verifyRealName(residentId, name, check.normalized, check.birthDate);
  }

  @Post('/me/phone')
  async phone(): Promise<PhoneResult> {
    const { residentId } = requireResident(this.ctx);
    const { code } = parse(phoneBody, this.ctx.request.body);
    return this.identity.bindPhone(residentId, code);
  }

  @Get('/me/data-access-log')
  async dataAccessLog(): Promise<Page<DataAccessEntry>> {
    const { residentId } = requireResident(this.ctx);
    const { limit, cursor } = parse(pageQuery, this.ctx.query);
    return this.identity.dataAccessLog(residentId, limit, cursor);
  }

  @Post('/me/agents')
  async authoriseAgent(): Promise<AgentAuthorisation> {
    const { residentId } = requireResident(this.ctx);
    const body = parse(agentBody, this.ctx.request.body);
    const result = await this.identity.authoriseAgent(residentId, body);
    this.ctx.status = 201;
    return result;
  }

  @Get('/me/agents')
  async listAgents(): Promise<{ items: AgentAuthorisation[] }> {
    const { residentId } = requireResident(this.ctx);
    return { items: await this.identity.listAgents(residentId) };
  }

  @Post('/me/agents/:id/revoke')
  async revokeAgent(): Promise<AgentAuthorisation> {
    const { residentId } = requireResident(this.ctx);
    return this.identity.revokeAgent(residentId, String(this.ctx.params.id));
  }
}

import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import {
  type AgentAuthorisation,
  type DataAccessEntry,
  type MeProfile,
  type Page,
  type RealNameResult,
  STAFF_ROLE_NAMES,
  type StaffRole,
  type WechatLoginResult,
} from '@haizhu/shared-types';
import { shanghaiDate, toShanghaiIso } from '../../common/clock';
import { AppError, notFound } from '../../common/errors';
import { newId } from '../../common/ids';
import { maskIdNumber, maskName, maskPhone } from '../../common/mask';
import { decodeCursor, toPage } from '../../common/pagination';
import { Platform } from '../../common/platform';
import { RateLimiter } from '../../common/rate-limit';
import { type Db, inTransaction } from '../../db/database';
import { AuditService } from '../audit';
import { type AgentRow, identityRepo, type ResidentRow } from './identity.repo';
import { SessionService } from './session.service';
import { WechatClient } from './wechat/wechat.client';
import type { SubscribeMessage } from './wechat/wechat.port';

/** Column names double as the AAD of their ciphertexts (see FieldCipher). */
export const FIELD = {
  name: 'residents.name',
  idNumber: 'residents.id_number',
  phone: 'residents.phone',
  agentName: 'agent_authorisations.agent_name',
  agentIdNumber: 'agent_authorisations.agent_id_number',
} as const;

/** Blind-index domains. */
export const INDEX = { idNumber: 'id_number', phone: 'phone' } as const;

/** Decrypted personal data of a resident, for entitled callers only. */
export interface ResidentIdentity {
  id: string;
  name: string | null;
  idNumber: string | null;
  phone: string | null;
  realNameVerified: boolean;
}

/** Residents: WeChat login, real-name verification, phone binding, profile and agents (委托代办). */
@Provide()
@Scope(ScopeEnum.Singleton)
export class IdentityService {
  @Inject()
  platform!: Platform;

  @Inject()
  sessions!: SessionService;

  @Inject()
  wechat!: WechatClient;

  @Inject()
  audit!: AuditService;

  @Inject()
  rateLimiter!: RateLimiter;

  /** wx.login code → the resident (created on first login) and a session token. */
  async wechatLogin(code: string, clientIp: string): Promise<WechatLoginResult> {
    await this.rateLimiter.hit(`wechat-login:ip:${clientIp}`, this.platform.config.loginRatePerMinute, 60);
    const { openid, unionid } = await this.wechat.code2Session(code);
    return inTransaction(this.platform.db, async (tx) => {
      let resident = await identityRepo.insertResidentIfNew(tx, { id: newId('res'), openid, unionid });
      if (resident) {
        await this.audit.append(tx, {
          actor: { type: 'resident', id: resident.id },
          action: 'resident.created',
          subjectType: 'resident',
          subjectId: resident.id,
          residentId: resident.id,
        });
      } else {
        resident = (await identityRepo.residentByOpenid(tx, openid)) as ResidentRow;
      }
      const session = await this.sessions.issue(tx, 'resident', resident.id);
      return {
        token: session.token,
        expiresAt: toShanghaiIso(session.expiresAt),
        resident: { id: resident.id, realNameVerified: !!resident.real_name_verified_at, phoneBound: !!resident.phone_bound_at },
      };
    });
  }

  /** Hooks run in the verification's transaction (the gateway enqueues the 公安 check there). */
  private readonly onVerified: ((tx: Db, residentId: string) => Promise<void>)[] = [];

  afterRealNameVerified(hook: (tx: Db, residentId: string) => Promise<void>): void {
    this.onVerified.push(hook);
  }

  /** Records what 公安 said about the resident's name and ID number (audited). */
  async recordGaCheck(residentId: string, result: 'matched' | 'mismatch' | 'not_found', traceId: string | null): Promise<void> {
    await inTransaction(this.platform.db, async (tx) => {
      await identityRepo.updateResident(tx, residentId, { ga_checked_at: this.platform.clock.now(), ga_check_result: result });
      await this.audit.append(tx, { actor: { type: 'system', id: 'dept-gateway' }, action: 'resident.ga_checked', subjectType: 'resident', subjectId: residentId, residentId, data: { result, traceId } });
    });
  }

  async profile(residentId: string): Promise<MeProfile> {
    const r = await this.mustGet(residentId);
    const who = this.decrypt(r);
    return {
      id: r.id,
      realNameVerified: !!r.real_name_verified_at,
      phoneBound: !!r.phone_bound_at,
      name: who.name ? maskName(who.name) : null,
      idNumber: who.idNumber ? maskIdNumber(who.idNumber) : null,
      phone: who.phone ? maskPhone(who.phone) : null,
      verifiedAt: r.real_name_verified_at ? toShanghaiIso(r.real_name_verified_at) : null,
      gaCheck: r.ga_check_result && r.ga_checked_at ? { result: r.ga_check_result, at: toShanghaiIso(r.ga_checked_at) } : null,
      createdAt: toShanghaiIso(r.created_at),
    };
  }

  /**
   * Real-name verification: name + a valid ID number. The ID number may belong to one resident
   * account only; a second account claiming it under another name is a mismatch.
   */
  async verifyRealName(residentId: string, name: string, idNumber: string, birthDate: string): Promise<RealNameResult> {
    await this.rateLimiter.hit(`real-name:${residentId}`, 10, 3600, 'TOO_MANY_ATTEMPTS');
    const bidx = this.platform.blindIndex.of(INDEX.idNumber, idNumber);
    const result: RealNameResult = { realNameVerified: true, name: maskName(name), idNumber: maskIdNumber(idNumber) };

    return inTransaction(this.platform.db, async (tx) => {
      const me = await tx.selectFrom('residents').selectAll().where('id', '=', residentId).forUpdate().executeTakeFirst();
      if (!me) throw notFound();
      if (me.real_name_verified_at) {
        const mine = this.decrypt(me);
        if (mine.idNumber === idNumber && mine.name === name) return result;
        throw new AppError('ALREADY_VERIFIED');
      }
      const holder = await identityRepo.residentByIdNumberIndex(tx, bidx);
      if (holder) {
        const holderName = this.decrypt(holder).name;
        throw holderName === name
          ? new AppError('ID_NUMBER_BOUND_ELSEWHERE')
          : new AppError('REAL_NAME_MISMATCH');
      }
      const now = this.platform.clock.now();
      await identityRepo.updateResident(tx, residentId, {
        name_enc: this.platform.cipher.encrypt(name, FIELD.name),
        id_number_enc: this.platform.cipher.encrypt(idNumber, FIELD.idNumber),
        id_number_bidx: bidx,
        birth_date: birthDate,
        real_name_verified_at: now,
      });
      await this.audit.append(tx, {
        actor: { type: 'resident', id: residentId },
        action: 'resident.real_name_verified',
        subjectType: 'resident',
        subjectId: residentId,
        residentId,
        data: { idNumber: maskIdNumber(idNumber), method: 'id_number_check' },
      });
      for (const hook of this.onVerified) await hook(tx, residentId);
      return result;
    }).catch((err: unknown) => {
      // Two accounts verifying the same ID number at once: the unique index lets one win.
      if ((err as { code?: string }).code === '23505') throw new AppError('ID_NUMBER_BOUND_ELSEWHERE');
      throw err;
    });
  }

  /** getPhoneNumber code → the resident's phone, stored encrypted. */
  async bindPhone(residentId: string, code: string): Promise<{ phone: string }> {
    const me = await this.mustGet(residentId);
    const { purePhoneNumber } = await this.wechat.phoneNumber(code, me.openid);
    await inTransaction(this.platform.db, async (tx) => {
      await identityRepo.updateResident(tx, residentId, {
        phone_enc: this.platform.cipher.encrypt(purePhoneNumber, FIELD.phone),
        phone_bidx: this.platform.blindIndex.of(INDEX.phone, purePhoneNumber),
        phone_bound_at: this.platform.clock.now(),
      });
      await this.audit.append(tx, {
        actor: { type: 'resident', id: residentId },
        action: 'resident.phone_bound',
        subjectType: 'resident',
        subjectId: residentId,
        residentId,
        data: { phone: maskPhone(purePhoneNumber) },
      });
    });
    return { phone: maskPhone(purePhoneNumber) };
  }

  /** Every staff view of this resident's personal data, newest first. */
  async dataAccessLog(residentId: string, limit: number, cursor?: string): Promise<Page<DataAccessEntry>> {
    const after = decodeCursor<{ seq: number }>(cursor, ['seq']);
    const rows = await this.audit.listDataAccess(residentId, after?.seq ?? null, limit + 1);
    return toPage(rows, limit, (r) => ({ seq: r.seq }), (r) => {
      const data = (r.data ?? {}) as { purpose?: string; unitName?: string };
      return {
        at: toShanghaiIso(r.at),
        staffRole: STAFF_ROLE_NAMES[r.actor_role as StaffRole] ?? r.actor_role ?? '工作人员',
        hallOrDept: data.unitName ?? r.actor_unit,
        purpose: data.purpose ?? '',
      };
    });
  }

  /** Authorises an agent (委托代办) to act for this resident, optionally for some items only. */
  async authoriseAgent(
    residentId: string,
    input: { agentName: string; agentIdNumber: string; itemCodes?: string[]; validUntil: string },
  ): Promise<AgentAuthorisation> {
    const me = await this.mustGet(residentId);
    if (!me.real_name_verified_at) throw new AppError('REAL_NAME_REQUIRED');
    const agentBidx = this.platform.blindIndex.of(INDEX.idNumber, input.agentIdNumber);
    if (agentBidx === me.id_number_bidx) throw new AppError('AGENT_SELF_NOT_ALLOWED');
    const today = shanghaiDate(this.platform.clock.now());
    const maxDate = shanghaiDate(new Date(this.platform.clock.now().getTime() + 366 * 86400_000));
    if (input.validUntil <= today || input.validUntil > maxDate) {
      throw new AppError('VALIDATION_FAILED', undefined, { fields: { validUntil: '有效期应在今天之后、一年之内' } });
    }
    const row = await inTransaction(this.platform.db, async (tx) => {
      const created = await identityRepo.insertAgent(tx, {
        id: newId('agt'),
        principal_id: residentId,
        agent_name_enc: this.platform.cipher.encrypt(input.agentName, FIELD.agentName),
        agent_id_number_enc: this.platform.cipher.encrypt(input.agentIdNumber, FIELD.agentIdNumber),
        agent_id_number_bidx: agentBidx,
        item_codes: input.itemCodes?.length ? input.itemCodes : null,
        valid_until: input.validUntil,
      });
      await this.audit.append(tx, {
        actor: { type: 'resident', id: residentId },
        action: 'agent.authorised',
        subjectType: 'agent_authorisation',
        subjectId: created.id,
        residentId,
        data: { agentIdNumber: maskIdNumber(input.agentIdNumber), itemCodes: created.item_codes, validUntil: input.validUntil },
      });
      return created;
    });
    return this.toAgentView(row, 'granted');
  }

  /** Authorisations this resident granted, and those granted to them. */
  async listAgents(residentId: string): Promise<AgentAuthorisation[]> {
    const me = await this.mustGet(residentId);
    const granted = await identityRepo.agentsGrantedBy(this.platform.db, residentId);
    const received = me.id_number_bidx ? await identityRepo.agentsReceivedBy(this.platform.db, me.id_number_bidx) : [];
    const views = granted.map((a) => this.toAgentView(a, 'granted'));
    for (const a of received) {
      const principal = await identityRepo.residentById(this.platform.db, a.principal_id);
      views.push(this.toAgentView(a, 'received', principal));
    }
    return views;
  }

  async revokeAgent(residentId: string, agentId: string): Promise<AgentAuthorisation> {
    return inTransaction(this.platform.db, async (tx) => {
      const row = await identityRepo.agentById(tx, agentId);
      if (!row || row.principal_id !== residentId) throw notFound();
      if (!row.revoked_at) {
        const at = this.platform.clock.now();
        await identityRepo.revokeAgent(tx, agentId, at);
        row.revoked_at = at;
        await this.audit.append(tx, {
          actor: { type: 'resident', id: residentId },
          action: 'agent.revoked',
          subjectType: 'agent_authorisation',
          subjectId: agentId,
          residentId,
        });
      }
      return this.toAgentView(row, 'granted');
    });
  }

  /**
   * Whether `agentResidentId` may act for `principalId` now (for `itemCode` when given): checked on
   * every action an agent takes, not once.
   */
  async mayActFor(agentResidentId: string, principalId: string, itemCode?: string): Promise<boolean> {
    if (agentResidentId === principalId) return true;
    const agent = await identityRepo.residentById(this.platform.db, agentResidentId);
    if (!agent?.real_name_verified_at || !agent.id_number_bidx) return false;
    const today = shanghaiDate(this.platform.clock.now());
    const grants = await identityRepo.agentsReceivedBy(this.platform.db, agent.id_number_bidx);
    return grants.some(
      (g) =>
        g.principal_id === principalId &&
        !g.revoked_at &&
        g.valid_until >= today &&
        (!itemCode || !g.item_codes || g.item_codes.includes(itemCode)),
    );
  }

  /** Unmasked identity, for an entitled staff view (the caller audits it) or a department call. */
  async identityOf(residentId: string): Promise<ResidentIdentity | undefined> {
    const r = await identityRepo.residentById(this.platform.db, residentId);
    return r ? { id: r.id, ...this.decrypt(r), realNameVerified: !!r.real_name_verified_at } : undefined;
  }

  /** The resident's openid under our mini-program (the payer of a WeChat Pay order). */
  async openidOf(residentId: string): Promise<string> {
    return (await this.mustGet(residentId)).openid;
  }

  /**
   * A subscribe message to the resident's WeChat (the notification context's sends), through this
   * context's WeChat client so the access token is cached and refreshed in one place. The openid
   * stays here. Answers WeChat's final errcode; transient trouble throws.
   */
  async sendSubscribeMessage(residentId: string, message: Omit<SubscribeMessage, 'openid'>): Promise<{ errcode: number }> {
    return this.wechat.sendSubscribeMessage({ ...message, openid: await this.openidOf(residentId) });
  }

  async residentIdByIdNumber(idNumber: string): Promise<string | undefined> {
    const r = await identityRepo.residentByIdNumberIndex(this.platform.db, this.platform.blindIndex.of(INDEX.idNumber, idNumber));
    return r?.id;
  }

  private async mustGet(residentId: string): Promise<ResidentRow> {
    const r = await identityRepo.residentById(this.platform.db, residentId);
    if (!r) throw notFound();
    return r;
  }

  private decrypt(r: ResidentRow): { name: string | null; idNumber: string | null; phone: string | null } {
    const c = this.platform.cipher;
    return {
      name: r.name_enc ? c.decrypt(r.name_enc, FIELD.name) : null,
      idNumber: r.id_number_enc ? c.decrypt(r.id_number_enc, FIELD.idNumber) : null,
      phone: r.phone_enc ? c.decrypt(r.phone_enc, FIELD.phone) : null,
    };
  }

  private toAgentView(a: AgentRow, direction: 'granted' | 'received', principal?: ResidentRow): AgentAuthorisation {
    const c = this.platform.cipher;
    let name = c.decrypt(a.agent_name_enc, FIELD.agentName);
    let idNumber = c.decrypt(a.agent_id_number_enc, FIELD.agentIdNumber);
    if (direction === 'received') {
      const who = principal ? this.decrypt(principal) : { name: null, idNumber: null };
      name = who.name ?? '';
      idNumber = who.idNumber ?? '';
    }
    return {
      id: a.id,
      direction,
      counterpartName: maskName(name),
      counterpartIdNumber: maskIdNumber(idNumber),
      itemCodes: a.item_codes,
      validUntil: a.valid_until,
      revoked: !!a.revoked_at,
      createdAt: toShanghaiIso(a.created_at),
    };
  }
}

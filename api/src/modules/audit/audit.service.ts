import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import type { AuditVerifyResult } from '@haizhu/shared-types';
import { canonicalJson } from '../../common/canonical-json';
import { digest } from '../../common/crypto';
import { Platform } from '../../common/platform';
import type { Db } from '../../db/database';
import { auditRepo, type AuditRow } from './audit.repo';

export const GENESIS_HASH = '0'.repeat(64);

/** Who did it. Staff carry the role they acted in and their hall or department. */
export type AuditActor =
  | { type: 'resident'; id: string }
  | { type: 'staff'; id: string; role: string; unit: string | null }
  | { type: 'system'; id?: string }
  | { type: 'department'; id: string };

export interface AuditEntry {
  actor: AuditActor;
  /** dotted verb, e.g. `resident.real_name_verified`, `personal_data.viewed` */
  action: string;
  subjectType: string;
  subjectId: string;
  /** the resident whose data or case this is, so they can be shown it */
  residentId?: string | null;
  /** never plaintext personal data: ids, masked values, reasons */
  data?: Record<string, unknown>;
}

/** The action recorded whenever staff see a resident's personal data unmasked. */
export const PERSONAL_DATA_VIEWED = 'personal_data.viewed';

/**
 * The append-only, hash-chained audit trail (全程留痕). Each record's hash covers its content
 * and the previous record's hash, so editing or deleting any record breaks the chain from there.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class AuditService {
  @Inject()
  platform!: Platform;

  /** Appends inside the caller's transaction, so the record commits with the change it describes. */
  async append(tx: Db, entry: AuditEntry): Promise<number> {
    if (!tx.isTransaction) return tx.transaction().execute((t) => this.append(t, entry));
    await auditRepo.lockChain(tx);
    const last = await auditRepo.last(tx);
    const alg = this.platform.config.crypto.mode === 'guomi' ? 'sm3' : 'sha256';
    const actor = entry.actor;
    const row = {
      seq: (last?.seq ?? 0) + 1,
      at: this.platform.clock.now(),
      actor_type: actor.type,
      actor_id: 'id' in actor ? (actor.id ?? null) : null,
      actor_role: actor.type === 'staff' ? actor.role : null,
      actor_unit: actor.type === 'staff' ? actor.unit : null,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      resident_id: entry.residentId ?? null,
      data: entry.data ?? {},
      hash_alg: alg,
      prev_hash: last?.hash ?? GENESIS_HASH,
    } as const;
    const hash = hashRecord({ ...row, hash: '' });
    await auditRepo.insert(tx, { ...row, data: JSON.stringify(row.data), hash });
    return row.seq;
  }

  /** Recomputes the whole chain; names the first record that doesn't hold. */
  async verify(): Promise<AuditVerifyResult> {
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    let checked = 0;
    for (;;) {
      const batch = await auditRepo.batchAfter(this.platform.db, expectedSeq - 1, 1000);
      if (batch.length === 0) return { ok: true, checked };
      for (const row of batch) {
        const broken = (reason: string): AuditVerifyResult => ({ ok: false, checked, firstBrokenSeq: expectedSeq, reason });
        if (row.seq !== expectedSeq) return broken(`record ${expectedSeq} is missing`);
        if (row.prev_hash !== prevHash) return broken('prev_hash does not match the previous record');
        if (hashRecord(row) !== row.hash) return broken('content does not match its hash');
        prevHash = row.hash;
        expectedSeq += 1;
        checked += 1;
      }
    }
  }

  /** Every staff view of this resident's personal data, newest first. */
  listDataAccess(residentId: string, beforeSeq: number | null, limit: number): Promise<AuditRow[]> {
    return auditRepo.byResidentAndAction(this.platform.db, residentId, PERSONAL_DATA_VIEWED, beforeSeq, limit);
  }

  /** The trail of one subject (a case, an appointment …), oldest first. */
  trailOf(subjectType: string, subjectId: string): Promise<AuditRow[]> {
    return auditRepo.bySubject(this.platform.db, subjectType, subjectId);
  }
}

function hashRecord(row: Omit<AuditRow, 'hash'> & { hash?: string }): string {
  const content = canonicalJson({
    seq: row.seq,
    at: new Date(row.at).toISOString(),
    actorType: row.actor_type,
    actorId: row.actor_id,
    actorRole: row.actor_role,
    actorUnit: row.actor_unit,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    residentId: row.resident_id,
    data: row.data,
    prevHash: row.prev_hash,
  });
  return digest(row.hash_alg === 'sm3' ? 'guomi' : 'standard', content);
}

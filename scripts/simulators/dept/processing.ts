/**
 * What a department does with a case after receiving it: checks the uploaded materials (§4.1:
 * fetch `url`, verify `sha256` / `sm3`, per `/__sim/materials/policy`) and, when
 * `/__sim/cases/auto` is enabled, walks the case through a scenario one step per `stepDelayMs`.
 */
import { createHash } from 'node:crypto';

import { TRANSITIONS } from './catalog';
import { transition, type TransitionInput } from './cases';
import { Outbound } from '../lib/outbound';
import type { Runtime } from './runtime';
import type { CaseRecord, Material, SupplementSpec } from './state';
import { Timers } from '../lib/timers';

const FETCH_TIMEOUT_MS = 5000;
const MAX_MATERIAL_BYTES = 50 * 1024 * 1024;

type RequiredMaterial = SupplementSpec['requiredMaterials'][number];

export class Processor {
  private readonly timers = new Timers();
  private readonly outbound = new Outbound();

  constructor(private readonly rt: Runtime) {}

  /** After `POST /v1/cases` stored a new case (runs after the reply is written). */
  caseCreated(kase: CaseRecord): void {
    this.run(async (live) => {
      const failures = await this.checkMaterials(kase.materials);
      if (!live()) return;
      const auto = this.rt.state.auto;
      if (failures.length > 0) {
        await this.steps(live, kase, [{ status: 'ACCEPTED' }, this.supplementFor(failures)]);
        return;
      }
      if (!auto.enabled) return;
      switch (auto.scenario) {
        case 'approve':
          return this.steps(live, kase, [{ status: 'ACCEPTED' }, { status: 'IN_REVIEW' }, { status: 'CONCLUDED', result: { decision: 'APPROVED' } }]);
        case 'deny':
          return this.steps(live, kase, [{ status: 'ACCEPTED' }, { status: 'IN_REVIEW' }, { status: 'CONCLUDED', result: { decision: 'DENIED' } }]);
        case 'supplement_then_approve':
          return this.steps(live, kase, [{ status: 'ACCEPTED' }, { status: 'SUPPLEMENT_REQUIRED' }]);
        case 'reject_intake':
          return this.steps(live, kase, [{ status: 'REJECTED' }]);
      }
    });
  }

  /** After a supplement moved the case to SUPPLEMENTED. */
  caseSupplemented(kase: CaseRecord, materials: Material[]): void {
    this.run(async (live) => {
      const failures = await this.checkMaterials(materials);
      if (!live()) return;
      if (failures.length > 0) return this.steps(live, kase, [{ status: 'IN_REVIEW' }, this.supplementFor(failures)]);
      const auto = this.rt.state.auto;
      if (!auto.enabled) return;
      const decision = auto.scenario === 'deny' ? 'DENIED' : 'APPROVED';
      return this.steps(live, kase, [{ status: 'IN_REVIEW' }, { status: 'CONCLUDED', result: { decision } }]);
    });
  }

  /** Cancels scheduled steps and material downloads (reset, close). */
  stop(): void {
    this.timers.clear();
    this.outbound.abortAll();
  }

  /** Runs `work` on a later tick; `live()` turns false once the simulator was reset. */
  private run(work: (live: () => boolean) => Promise<void>): void {
    const generation = this.rt.state.generation;
    const live = (): boolean => this.rt.state.generation === generation;
    this.timers.schedule(0, () => {
      work(live).catch((error: unknown) => {
        process.stderr.write(`dept simulator: case processing failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      });
    });
  }

  /** Applies `inputs` one after another, `stepDelayMs` apart; stops when the case moved elsewhere meanwhile. */
  private async steps(live: () => boolean, kase: CaseRecord, inputs: TransitionInput[]): Promise<void> {
    for (const input of inputs) {
      const auto = this.rt.state.auto;
      await this.timers.sleep(auto.enabled ? auto.stepDelayMs : 0);
      if (!live() || !TRANSITIONS[kase.status].includes(input.status)) return;
      transition(this.rt, kase, input);
    }
  }

  private supplementFor(failures: RequiredMaterial[]): TransitionInput {
    return { status: 'SUPPLEMENT_REQUIRED', reason: '申请材料校验未通过', supplement: { requiredMaterials: failures } };
  }

  /** Uploads that fail under the current policy, as SUPPLEMENT_REQUIRED `requiredMaterials`. */
  private async checkMaterials(materials: Material[]): Promise<RequiredMaterial[]> {
    const policy = this.rt.state.materialsPolicy;
    const uploads = materials.filter((m) => m.source === 'UPLOAD' && (policy.materialCodes === undefined || policy.materialCodes.includes(m.materialCode)));
    const failures: RequiredMaterial[] = [];
    for (const material of uploads) {
      const problem = policy.outcome === 'fetch' ? await this.fetchAndVerify(material) : policy.outcome === 'ok' ? undefined : policy.outcome;
      if (problem === 'hash_mismatch') failures.push({ materialCode: material.materialCode, name: material.name, note: '文件校验值与申报的摘要不一致，请重新上传' });
      if (problem === 'unreachable') failures.push({ materialCode: material.materialCode, name: material.name, note: '材料文件无法下载，请重新上传' });
    }
    return failures;
  }

  private async fetchAndVerify(material: Material): Promise<'hash_mismatch' | 'unreachable' | undefined> {
    if (material.url === undefined) return 'unreachable';
    const reply = await this.outbound.send(material.url, { method: 'GET', timeoutMs: FETCH_TIMEOUT_MS, maxBytes: MAX_MATERIAL_BYTES });
    if (reply.status !== 200) return 'unreachable';
    const sha256 = createHash('sha256').update(reply.body).digest('hex');
    if (sha256 !== material.sha256) return 'hash_mismatch';
    if (material.sm3 !== undefined && createHash('sm3').update(reply.body).digest('hex') !== material.sm3) return 'hash_mismatch';
    return undefined;
  }
}

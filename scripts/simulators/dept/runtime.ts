import type { CaseEvent, CaseRecord, Material, SimState } from './state';

/** What case handling needs from the rest of the simulator; the server wires the implementations. */
export interface Runtime {
  readonly state: SimState;
  /** Base URL the simulator is reached at (download URLs point here). */
  baseUrl(): string;
  /** Sends a stored event as a status callback (per the callback policy). */
  deliverEvent(kase: CaseRecord, event: CaseEvent): void;
  /** A new case was stored: check its uploads, start auto-processing. */
  caseCreated(kase: CaseRecord): void;
  /** A supplement was accepted: check the new uploads, continue auto-processing. */
  caseSupplemented(kase: CaseRecord, materials: Material[]): void;
}

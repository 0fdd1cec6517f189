import type { PlatformKeys } from './keys';
import type { Order, Refund, SimState } from './state';

/** What order and refund handling needs from the rest of the simulator; the server wires it. */
export interface Runtime {
  readonly state: SimState;
  readonly keys: PlatformKeys;
  /** Queues TRANSACTION.SUCCESS for a just-paid order. */
  notifyTransaction(order: Order): void;
  /** Queues REFUND.SUCCESS / REFUND.ABNORMAL / REFUND.CLOSED for a refund that reached that status. */
  notifyRefund(refund: Refund): void;
  /** A refund was accepted: start its automatic settlement when configured. */
  refundCreated(refund: Refund): void;
}

import type { Order, Route, SimState } from './state';

/** What services and controls need from the rest of the simulator; the server wires the implementations. */
export interface Runtime {
  readonly state: SimState;
  /** A route was appended with push:true: send it per the push policy. */
  pushRoute(order: Order, route: Route): void;
  /** A new order was stored (auto scenarios start here). */
  orderCreated(order: Order): void;
}

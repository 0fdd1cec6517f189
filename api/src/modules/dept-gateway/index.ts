export { DeptGatewayService, EXCHANGE_DEPARTMENTS, UNREACHABLE_NOTE } from './dept-gateway.service';
export { ExchangeClient } from './exchange.client';
export { registerDeptGatewayJobs } from './dept-gateway.jobs';

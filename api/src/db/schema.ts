import type { ColumnType, Generated } from 'kysely';

/**
 * Row types of every table, grouped by the context that owns them. A repository touches only its
 * own context's tables; other contexts are reached through their services.
 */

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

// common
export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request_hash: string;
  state: 'in_progress' | 'done';
  response_status: number | null;
  response_body: unknown;
  created_at: CreatedAt;
}

export interface RateLimitBucketsTable {
  bucket: string;
  window_start: Timestamp;
  hits: number;
}

// identity
export interface ResidentsTable {
  id: string;
  openid: string;
  unionid: string | null;
  name_enc: string | null;
  id_number_enc: string | null;
  id_number_bidx: string | null;
  phone_enc: string | null;
  phone_bidx: string | null;
  birth_date: string | null;
  real_name_verified_at: NullableTimestamp;
  phone_bound_at: NullableTimestamp;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface StaffAccountsTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  roles: string[];
  hall_id: string | null;
  department_code: string | null;
  failed_attempts: Generated<number>;
  locked_until: NullableTimestamp;
  disabled_at: NullableTimestamp;
  created_at: CreatedAt;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  subject_type: 'resident' | 'staff';
  subject_id: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  revoked_at: NullableTimestamp;
}

export interface AgentAuthorisationsTable {
  id: string;
  principal_id: string;
  agent_name_enc: string;
  agent_id_number_enc: string;
  agent_id_number_bidx: string;
  item_codes: string[] | null;
  valid_until: string;
  revoked_at: NullableTimestamp;
  created_at: CreatedAt;
}

// audit
export interface AuditRecordsTable {
  seq: number;
  at: Timestamp;
  actor_type: 'resident' | 'staff' | 'system' | 'department';
  actor_id: string | null;
  actor_role: string | null;
  actor_unit: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  resident_id: string | null;
  data: ColumnType<unknown, string, never>;
  hash_alg: 'sha256' | 'sm3';
  prev_hash: string;
  hash: string;
}

export interface DB {
  idempotency_keys: IdempotencyKeysTable;
  rate_limit_buckets: RateLimitBucketsTable;
  residents: ResidentsTable;
  staff_accounts: StaffAccountsTable;
  sessions: SessionsTable;
  agent_authorisations: AgentAuthorisationsTable;
  audit_records: AuditRecordsTable;
}

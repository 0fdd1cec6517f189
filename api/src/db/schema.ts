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
  ga_checked_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  ga_check_result: ColumnType<'matched' | 'mismatch' | 'not_found' | null, 'matched' | 'mismatch' | 'not_found' | null | undefined, 'matched' | 'mismatch' | 'not_found' | null>;
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

// catalog
type Json = ColumnType<unknown, string, string>;

export interface DepartmentsTable {
  code: string;
  name: string;
  short_name: string | null;
  description: string | null;
  phone: string | null;
  demo: string[];
}

export interface LifeEventsTable {
  code: string;
  name: string;
  description: string | null;
  position: number;
}

export interface HallsTable {
  id: string;
  name: string;
  level: 'district' | 'branch' | 'street';
  street_code: string | null;
  address: string | null;
  address_note: string | null;
  phone: string | null;
  hours: Json;
  extended_hours: Json;
  categories: Json;
  sources: Json;
  demo: string[];
}

export interface HallWindowsTable {
  hall_id: string;
  code: string;
  name: string;
  kind: 'consult' | 'accept' | 'deliver';
  position: number;
}

export interface ServiceItemsTable {
  item_code: string;
  current_version: number;
  department_code: string;
  name: string;
  category: string;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface ServiceItemVersionsTable {
  item_code: string;
  version: number;
  content: Json;
  published_at: Timestamp;
  published_by: string | null;
  change_note: string;
}

export interface ItemMaterialsTable {
  item_code: string;
  version: number;
  material_code: string;
  position: number;
  name: string;
  form: 'original' | 'copy' | 'original_and_copy' | 'electronic';
  count: number;
  required: boolean;
  deficiency_allowed: boolean;
  deficiency_way: string | null;
  e_licence_type: string | null;
  when_options: string[];
}

export interface BundlesTable {
  code: string;
  name: string;
  description: string;
  life_event: string | null;
  demo: string[];
}

export interface BundleItemsTable {
  bundle_code: string;
  item_code: string;
  position: number;
}

export interface SearchSynonymsTable {
  term: string;
  expands_to: string[];
}

export interface CatalogueRevisionTable {
  id: number;
  revision: number;
}

// appointment
export interface CalendarDaysTable {
  date: string;
  kind: 'holiday' | 'makeup_workday';
  name: string;
  source: string;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface SlotsTable {
  id: string;
  hall_id: string;
  category: string;
  date: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  kind: 'regular' | 'delayed' | 'weekend';
  capacity: number;
  booked: Generated<number>;
  status: Generated<'open' | 'closed'>;
  created_by: string | null;
}

export type AppointmentStatus = 'booked' | 'checked_in' | 'called' | 'served' | 'cancelled' | 'no_show';

export interface AppointmentsTable {
  id: string;
  resident_id: string;
  slot_id: string;
  hall_id: string;
  category: string;
  item_code: string | null;
  date: string;
  code: string;
  status: AppointmentStatus;
  created_at: CreatedAt;
  cancelled_at: NullableTimestamp;
  checked_in_at: NullableTimestamp;
  no_show_at: NullableTimestamp;
}

export interface QueueCountersTable {
  hall_id: string;
  category: string;
  date: string;
  last: number;
}

export type TicketStatus = 'waiting' | 'called' | 'serving' | 'done' | 'skipped' | 'cancelled';

export interface QueueTicketsTable {
  id: string;
  hall_id: string;
  category: string;
  date: string;
  number: string;
  resident_id: string | null;
  appointment_id: string | null;
  slot_starts_at: NullableTimestamp;
  slot_ends_at: NullableTimestamp;
  item_code: string | null;
  source: 'remote' | 'walk_in' | 'appointment';
  status: TicketStatus;
  window_code: string | null;
  skip_count: Generated<number>;
  recall_count: Generated<number>;
  queued_at: Timestamp;
  called_at: NullableTimestamp;
  serving_at: NullableTimestamp;
  done_at: NullableTimestamp;
  near_notified_at: NullableTimestamp;
  created_at: CreatedAt;
}

export interface AppointmentEventsTable {
  id: Generated<number>;
  type: string;
  resident_id: string | null;
  subject_id: string;
  payload: Json;
  created_at: CreatedAt;
  consumed_at: NullableTimestamp;
}

// material
export interface MaterialFilesTable {
  id: string;
  owner_id: string;
  sha256: string;
  size: number;
  mime: string;
  storage_key: string;
  name: string;
  library_title: string | null;
  saved_at: NullableTimestamp;
  created_at: CreatedAt;
}

// application
export interface ApplicationsTable {
  id: string;
  application_no: string;
  query_code_hash: string;
  resident_id: string;
  submitted_by: string;
  item_code: string;
  item_version: number;
  department_code: string;
  hall_id: string;
  bundle_code: string | null;
  bundle_group: string | null;
  status: import('@haizhu/shared-types').ApplicationStatus;
  form_enc: string;
  situation: Json;
  deficient: ColumnType<unknown, string | undefined, string>;
  supplement: ColumnType<unknown, string | null | undefined, string | null>;
  refusal_reason: string | null;
  result: ColumnType<unknown, string | null | undefined, string | null>;
  accepted_on: string | null;
  promised_due: string | null;
  legal_due: string | null;
  light: 'green' | 'yellow' | 'red' | null;
  created_at: Timestamp;
  submitted_at: NullableTimestamp;
  updated_at: Timestamp;
}

export interface ApplicationMaterialsTable {
  application_id: string;
  material_code: string;
  source: 'upload' | 'library' | 'e_licence';
  file_id: string | null;
  e_licence_type: string | null;
  provided_at: Timestamp;
}

export interface ApplicationTimelineTable {
  id: Generated<number>;
  application_id: string;
  at: Timestamp;
  status: string;
  title: string;
  note: string | null;
}

export interface ApplicationCountersTable {
  day: string;
  last: number;
}

// dept-gateway
export interface DeptCasesTable {
  application_id: string;
  dept_code: string;
  case_no: string | null;
  dept_status: string | null;
  last_seq: Generated<number>;
  attempts: Generated<number>;
  unreachable_since: NullableTimestamp;
  last_error: string | null;
  submitted_at: NullableTimestamp;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface DeptEventsTable {
  event_id: string;
  dept_code: string;
  case_no: string;
  seq: number;
  status: string;
  payload: Json;
  outcome: string;
  received_at: CreatedAt;
}

export interface DeptNoncesTable {
  app_key: string;
  nonce: string;
  seen_at: CreatedAt;
}

export interface ELicencesTable {
  owner_id: string;
  licence_type: string;
  licence_id: string;
  name: string;
  number_enc: string;
  issuer: string;
  issue_date: string | null;
  valid_to: string | null;
  status: string;
  fetched_at: CreatedAt;
}

export interface PaymentsTable {
  id: string;
  application_id: string;
  resident_id: string;
  purpose: 'fee' | 'postage';
  description: string;
  amount_fen: number;
  status: 'created' | 'paid' | 'closed' | 'refunded' | 'partially_refunded';
  appid: string;
  mchid: string;
  openid: string;
  prepay_id: string | null;
  expires_at: Timestamp;
  transaction_id: string | null;
  paid_at: NullableTimestamp;
  refunded_fen: Generated<number>;
  closed_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PaymentRefundsTable {
  id: string;
  payment_id: string;
  amount_fen: number;
  reason: string;
  status: 'requested' | 'processing' | 'succeeded' | 'closed' | 'abnormal';
  refund_id: string | null;
  staff_id: string;
  succeeded_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PaymentNotificationsTable {
  seq: Generated<string>;
  notification_id: string | null;
  event_type: string | null;
  out_trade_no: string | null;
  outcome: 'applied' | 'duplicate' | 'rejected';
  problem: string | null;
  received_at: Timestamp;
}

export interface PaymentReconciliationsTable {
  bill_date: ColumnType<string, string, string>;
  status: 'balanced' | 'differences' | 'failed';
  bill_rows: number;
  differences: ColumnType<unknown, string, string>;
  checked_at: Timestamp;
}

export interface AddressesTable {
  id: string;
  resident_id: string;
  label: string | null;
  contact_enc: string;
  phone_enc: string;
  region_code: string;
  detail_enc: string;
  deleted: Generated<boolean>;
  created_at: Timestamp;
}

export interface CourierOrdersTable {
  id: string;
  application_id: string;
  resident_id: string;
  kind: 'pickup' | 'delivery';
  status: 'requested' | 'created' | 'picked_up' | 'in_transit' | 'delivering' | 'signed' | 'returning' | 'returned' | 'cancelled';
  exception: Generated<boolean>;
  carrier: Generated<string>;
  waybill_no: string | null;
  window_start: NullableTimestamp;
  window_end: NullableTimestamp;
  address_enc: string;
  region_code: string;
  hall_id: string;
  postage_fen: Generated<number>;
  payment_id: string | null;
  handed_over: Generated<boolean>;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CourierEventsTable {
  seq: Generated<string>;
  order_id: string;
  carrier: string;
  route_id: string;
  op_code: string;
  canonical: string | null;
  accept_time: Timestamp;
  accept_address: string | null;
  remark: string;
  source: 'push' | 'query';
  received_at: Timestamp;
}

export interface CourierOrphanRoutesTable {
  route_id: string;
  mailno: string | null;
  orderid: string | null;
  payload: ColumnType<unknown, string, string>;
  received_at: Timestamp;
}

export interface CourierTasksTable {
  id: string;
  order_id: string;
  kind: 'exception' | 'returned' | 'create_failed';
  note: string;
  status: 'open' | 'resolved';
  resolution: string | null;
  resolved_by: string | null;
  resolved_at: NullableTimestamp;
  created_at: Timestamp;
}

// evaluation (好差评)
export type EvaluationTargetTypeColumn = 'application' | 'appointment' | 'consultation';
export type UnitTypeColumn = 'department' | 'hall';

export interface EvaluationsTable {
  id: string;
  target_type: EvaluationTargetTypeColumn;
  target_id: string;
  resident_id: string;
  channel: 'online' | 'hall';
  subject: string;
  unit_type: UnitTypeColumn;
  unit_id: string;
  item_code: string | null;
  level: number;
  dimensions: ColumnType<Record<string, number>, string | undefined, string>;
  tags: ColumnType<string[], string | undefined, string>;
  comment_enc: string | null;
  source: 'resident' | 'default';
  excluded: Generated<boolean>;
  exclusion_review_id: number | null;
  created_at: Timestamp;
}

export interface EvaluationReviewsTable {
  id: Generated<number>;
  evaluation_id: string;
  decision: 'exclude' | 'keep';
  reason: string;
  reviewer_id: string;
  reviewer_name: string;
  created_at: Timestamp;
}

export interface EvaluationPendingTable {
  target_type: EvaluationTargetTypeColumn;
  target_id: string;
  resident_id: string;
  channel: 'online' | 'hall';
  subject: string;
  unit_type: UnitTypeColumn;
  unit_id: string;
  item_code: string | null;
  completed_at: Timestamp;
  completed_on: ColumnType<string, string, string>;
  rate_by: ColumnType<string, string, string>;
}

export interface RectificationTasksTable {
  id: string;
  evaluation_id: string;
  unit_type: UnitTypeColumn;
  unit_id: string;
  status: 'open' | 'handled' | 'revisited' | 'appealed' | 'closed';
  due_date: ColumnType<string, string, string>;
  closed_at: NullableTimestamp;
  closed_reason: 'rated' | 'excluded' | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RectificationHandlingsTable {
  id: Generated<number>;
  task_id: string;
  staff_id: string;
  staff_name: string;
  outcome: 'rectified' | 'explained';
  note: string;
  at: Timestamp;
}

export interface RectificationRevisitsTable {
  id: Generated<number>;
  task_id: string;
  staff_id: string;
  staff_name: string;
  method: 'phone' | 'sms' | 'in_person' | 'online';
  result: string;
  resident_satisfied: boolean | null;
  at: Timestamp;
  recorded_at: Timestamp;
}

export interface RectificationAppealsTable {
  id: Generated<number>;
  task_id: string;
  resident_id: string;
  reason_enc: string;
  previous_due_date: ColumnType<string, string, string>;
  at: Timestamp;
}

export interface RectificationRatingsTable {
  task_id: string;
  resident_id: string;
  rating: 'satisfied' | 'basically_satisfied' | 'dissatisfied';
  comment_enc: string | null;
  at: Timestamp;
}

// consultation (在线应询)
export type ConsultationStatusColumn = 'awaiting_answer' | 'answered' | 'closed';

export interface ConsultationsTable {
  id: string;
  resident_id: string;
  topic_type: 'item' | 'application' | 'hall';
  topic_id: string;
  topic_name: string;
  item_code: string | null;
  subject_enc: string;
  unit_type: UnitTypeColumn;
  unit_id: string;
  unit_name: string;
  status: ConsultationStatusColumn;
  due_date: ColumnType<string | null, string | null, string | null>;
  awaiting_since: NullableTimestamp;
  last_message_at: Timestamp;
  first_answered_at: NullableTimestamp;
  answered_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ConsultationMessagesTable {
  id: Generated<number>;
  consultation_id: string;
  author: 'resident' | 'staff';
  author_id: string;
  author_name: string | null;
  body_enc: string;
  attachment_ids: ColumnType<string[], string | undefined, string>;
  at: Timestamp;
}

// notification (订阅消息)
export type NotificationKindColumn = 'one_time' | 'long_term';
export type NotificationStatusColumn = 'pending' | 'sent' | 'skipped_no_consent' | 'undeliverable' | 'failed' | 'unconfirmed';

export interface NotificationSubscriptionsTable {
  resident_id: string;
  template_id: string;
  kind: NotificationKindColumn;
  status: 'accept' | 'reject' | 'ban';
  credits: Generated<number>;
  updated_at: Timestamp;
}

export interface NotificationsTable {
  id: string;
  resident_id: string;
  event: string;
  template_key: string;
  template_id: string;
  kind: NotificationKindColumn;
  page: string | null;
  data: ColumnType<Record<string, string>, string, string>;
  status: NotificationStatusColumn;
  attempts: Generated<number>;
  errcode: number | null;
  last_error: string | null;
  dedupe_key: string | null;
  created_at: Timestamp;
  sent_at: NullableTimestamp;
  sending_since: NullableTimestamp;
  updated_at: Timestamp;
}

export interface JobWorkersTable {
  worker_id: string;
  pid: number;
  seen_at: Timestamp;
}

export interface DB {
  job_workers: JobWorkersTable;
  idempotency_keys: IdempotencyKeysTable;
  rate_limit_buckets: RateLimitBucketsTable;
  residents: ResidentsTable;
  staff_accounts: StaffAccountsTable;
  sessions: SessionsTable;
  agent_authorisations: AgentAuthorisationsTable;
  audit_records: AuditRecordsTable;
  departments: DepartmentsTable;
  life_events: LifeEventsTable;
  halls: HallsTable;
  hall_windows: HallWindowsTable;
  service_items: ServiceItemsTable;
  service_item_versions: ServiceItemVersionsTable;
  item_materials: ItemMaterialsTable;
  bundles: BundlesTable;
  bundle_items: BundleItemsTable;
  search_synonyms: SearchSynonymsTable;
  catalogue_revision: CatalogueRevisionTable;
  calendar_days: CalendarDaysTable;
  slots: SlotsTable;
  appointments: AppointmentsTable;
  queue_counters: QueueCountersTable;
  queue_tickets: QueueTicketsTable;
  appointment_events: AppointmentEventsTable;
  material_files: MaterialFilesTable;
  e_licences: ELicencesTable;
  applications: ApplicationsTable;
  application_materials: ApplicationMaterialsTable;
  application_timeline: ApplicationTimelineTable;
  application_counters: ApplicationCountersTable;
  dept_cases: DeptCasesTable;
  payments: PaymentsTable;
  addresses: AddressesTable;
  courier_orders: CourierOrdersTable;
  courier_events: CourierEventsTable;
  courier_orphan_routes: CourierOrphanRoutesTable;
  courier_tasks: CourierTasksTable;
  payment_refunds: PaymentRefundsTable;
  payment_notifications: PaymentNotificationsTable;
  payment_reconciliations: PaymentReconciliationsTable;
  dept_events: DeptEventsTable;
  dept_nonces: DeptNoncesTable;
  evaluations: EvaluationsTable;
  evaluation_reviews: EvaluationReviewsTable;
  evaluation_pending: EvaluationPendingTable;
  rectification_tasks: RectificationTasksTable;
  rectification_handlings: RectificationHandlingsTable;
  rectification_revisits: RectificationRevisitsTable;
  rectification_appeals: RectificationAppealsTable;
  rectification_ratings: RectificationRatingsTable;
  consultations: ConsultationsTable;
  consultation_messages: ConsultationMessagesTable;
  notification_subscriptions: NotificationSubscriptionsTable;
  notifications: NotificationsTable;
}

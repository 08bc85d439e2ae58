import type { ColumnType, Generated, Selectable } from 'kysely';

/** A timestamp the database fills in on insert. */
type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;
type Role = 'owner' | 'admin' | 'member' | 'viewer';
type TaskStatus = 'todo' | 'in_progress' | 'done';
export type Plan = 'anonymous' | 'default' | 'elevated';

/** The tables, as Kysely types queries against them. `migrations/` creates them. */
export interface Database {
  users: UsersTable;
  signing_keys: SigningKeysTable;
  projects: ProjectsTable;
  project_members: ProjectMembersTable;
  tasks: TasksTable;
  sessions: SessionsTable;
  refresh_tokens: RefreshTokensTable;
  api_keys: ApiKeysTable;
  oauth_apps: OAuthAppsTable;
  oauth_records: OAuthRecordsTable;
  server_secrets: ServerSecretsTable;
  usage_counters: UsageCountersTable;
  webhook_events: WebhookEventsTable;
  idempotency_keys: IdempotencyKeysTable;
  registered_clients: RegisteredClientsTable;
}

export interface UsersTable {
  id: string;
  /** Lowercased: the contract normalises emails before they arrive here. */
  email: string;
  name: string;
  password_hash: string;
  plan: Generated<Plan>;
  created_at: CreatedAt;
}

export interface SigningKeysTable {
  kid: string;
  algorithm: string;
  public_jwk: ColumnType<object, string, never>;
  private_jwk: ColumnType<object, string, never>;
  created_at: CreatedAt;
}

export interface ProjectsTable {
  id: string;
  name: string;
  description: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ProjectMembersTable {
  project_id: string;
  user_id: string;
  role: Role;
  joined_at: CreatedAt;
}

export interface TasksTable {
  id: string;
  project_id: string;
  title: string;
  description: string | null;
  status: Generated<TaskStatus>;
  due_date: Date | null;
  labels: Generated<string[]>;
  assignee_id: string | null;
  created_by: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  created_at: CreatedAt;
  /** A session ends here however often it is refreshed. */
  expires_at: Date;
  revoked_at: Date | null;
}

export interface RefreshTokensTable {
  /** SHA-256 of the token, hex. */
  token_hash: string;
  session_id: string;
  created_at: CreatedAt;
  used_at: Date | null;
}

export interface ApiKeysTable {
  id: string;
  user_id: string;
  name: string;
  lookup: string;
  /** SHA-256 of the secret half, hex. */
  secret_hash: string;
  scopes: string[];
  created_at: CreatedAt;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
  plan: Plan | null;
}

export interface OAuthAppsTable {
  client_id: string;
  user_id: string;
  name: string;
  redirect_uris: string[];
  confidential: boolean;
  scopes: string[];
  secret_hash: string | null;
  created_at: CreatedAt;
}

export interface OAuthRecordsTable {
  model: string;
  id_hash: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  grant_id: string | null;
  client_id: string | null;
  uid: string | null;
  expires_at: Date | null;
  consumed_at: Date | null;
}

export interface ServerSecretsTable {
  name: string;
  value: string;
  created_at: CreatedAt;
}

export interface UsageCountersTable {
  user_id: string;
  hour: Date;
  caller_kind: 'user' | 'apiKey' | 'oauthApp';
  /** The API key id or OAuth client id; empty for the user's own log-ins. */
  caller_id: string;
  procedure: string;
  calls: number;
  refused: number;
}

/** The webhook outbox: one row per event, written in the transaction of the change it reports. */
export interface WebhookEventsTable {
  id: string;
  /** bigint: text from PostgreSQL, so no precision is lost. */
  seq: ColumnType<string, never, never>;
  project_id: string;
  /** An event type of the contract's catalogue (`task.created`). */
  type: string;
  /** The event's data as JSON (Dates as ISO 8601 text). */
  payload: ColumnType<unknown, string, never>;
  created_at: CreatedAt;
  dispatched_at: Date | null;
}

/** A caller's Idempotency-Key and the answer of the call it was first sent with (src/idempotency/). */
export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  fingerprint: string;
  procedure: string;
  output: string;
  /** Renewed when an expired key is claimed anew. */
  created_at: ColumnType<Date, Date | undefined, Date>;
  expires_at: Date;
}

/** An app that registered itself (RFC 7591): its metadata as the authorization server validated it. */
export interface RegisteredClientsTable {
  client_id: string;
  metadata: ColumnType<Record<string, unknown>, string, string>;
  created_at: CreatedAt;
  last_used_at: ColumnType<Date, Date | undefined, Date>;
}

export type UserRow = Selectable<UsersTable>;
export type OAuthAppRow = Selectable<OAuthAppsTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type ProjectRow = Selectable<ProjectsTable>;
export type TaskRow = Selectable<TasksTable>;

// Webhook subscriptions and deliveries (migration 0007), merged into Database above.
export interface Database {
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
}

export interface WebhookEndpointsTable {
  id: string;
  project_id: string;
  url: string;
  events: string[];
  paused: Generated<boolean>;
  /** Encrypted (src/webhooks/secret-box.ts). */
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  failing_since: Date | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDeliveriesTable {
  id: string;
  endpoint_id: string;
  event_id: string;
  status: Generated<WebhookDeliveryStatus>;
  attempts: Generated<number>;
  next_attempt_at: Date | null;
  last_status: number | null;
  last_error: string | null;
  last_latency_ms: number | null;
  created_at: CreatedAt;
  delivered_at: Date | null;
}

export type WebhookEndpointRow = Selectable<WebhookEndpointsTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;

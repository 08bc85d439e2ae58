/**
 * Every size limit of the API in one place. Schemas enforce them, the docs print them, and tests
 * prove each one is refused just past its edge.
 */
export const limits = {
  emailMaxLength: 254,
  passwordMinLength: 8,
  // Long enough for any passphrase; bounded so hashing cost cannot be used against the server.
  passwordMaxLength: 128,
  userNameMaxLength: 100,
  echoMessageMaxLength: 200,
  projectNameMaxLength: 100,
  projectDescriptionMaxLength: 2_000,
  membersPerProjectMax: 100,
  apiKeyNameMaxLength: 100,
  activeApiKeysPerUserMax: 50,
  oauthAppNameMaxLength: 100,
  /** The longest range usage.get reports at once, in days. */
  usageRangeMaxDays: 31,
  oauthAppsPerUserMax: 20,
  redirectUrisPerAppMax: 10,
  redirectUriMaxLength: 2_000,
  taskTitleMaxLength: 200,
  taskDescriptionMaxLength: 10_000,
  labelMaxLength: 50,
  labelsPerTaskMax: 20,
  pageSizeDefault: 20,
  pageSizeMax: 100,
  // A cursor carries the last item's sort key: at most a task title (3 UTF-8 bytes per UTF-16 unit,
  // quotes and backslashes doubled by JSON) plus ~80 bytes of envelope, then base64. See cursor.test.ts.
  cursorMaxLength: 1_024,
  /** Every instant (due dates, filters) lies within what both databases store exactly. */
  instantMin: '0001-01-01T00:00:00.000Z',
  instantMax: '9999-12-31T23:59:59.999Z',
  /** Calls in one tRPC batch request. */
  batchMaxCalls: 50,
  /** Bytes in one request body. */
  requestBodyMaxBytes: 1_048_576,
} as const;

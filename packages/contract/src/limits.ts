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
  projectNameMaxLength: 100,
  projectDescriptionMaxLength: 2_000,
  membersPerProjectMax: 100,
  taskTitleMaxLength: 200,
  taskDescriptionMaxLength: 10_000,
  labelMaxLength: 50,
  labelsPerTaskMax: 20,
  pageSizeDefault: 20,
  pageSizeMax: 100,
  cursorMaxLength: 512,
  /** Calls in one tRPC batch request. */
  batchMaxCalls: 50,
  /** Bytes in one request body. */
  requestBodyMaxBytes: 1_048_576,
} as const;

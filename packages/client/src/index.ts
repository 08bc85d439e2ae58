export type { AppRouter, Contract } from '@charter/contract';
export type { RateLimitBudget } from '@charter/rpc';
export {
  type Client,
  type ClientAuth,
  type ClientOptions,
  createClient,
  type TokenSource,
} from './create-client.ts';
export type { DeprecationNotice } from './deprecations.ts';
export type { RetryOptions } from './rate-limits.ts';
export { type ClientError, isClientError, type RouterInputs, type RouterOutputs } from './types.ts';
export {
  type VerifyWebhookOptions,
  verifyWebhook,
  type WebhookEvent,
  type WebhookFailure,
  type WebhookHeaders,
  WebhookVerificationError,
} from './webhooks.ts';

/** Which receivers this server may call: the SSRF guard's exceptions, from the WEBHOOK_* settings. */
export interface WebhookPolicy {
  /** Accept http:// URLs as well as https:// (local testing). */
  allowHttp: boolean;
  /** Host names or IP addresses accepted even when they are (or resolve to) private addresses. */
  allowedHosts: readonly string[];
}

/** What a server without WEBHOOK_* settings does: https only, public addresses only. */
export const strictPolicy: WebhookPolicy = { allowHttp: false, allowedHosts: [] };

/** The policy from the parsed configuration (src/env.ts). */
export function webhookPolicy(env: { WEBHOOK_ALLOW_HTTP: boolean; WEBHOOK_ALLOWED_HOSTS: string[] }) {
  return {
    allowHttp: env.WEBHOOK_ALLOW_HTTP,
    allowedHosts: env.WEBHOOK_ALLOWED_HOSTS,
  } satisfies WebhookPolicy;
}

// Services are built in server.ts; the policy arrives with the worker, so procedures find it here.
const policies = new WeakMap<object, WebhookPolicy>();

export function setWebhookPolicy(services: object, policy: WebhookPolicy): void {
  policies.set(services, policy);
}

/** The policy the worker of these services was started with, or the strict one. */
export function webhookPolicyOf(services: object): WebhookPolicy {
  return policies.get(services) ?? strictPolicy;
}

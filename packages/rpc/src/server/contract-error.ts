import { TRPCError } from '@trpc/server';
import { type ErrorCatalogue, type ErrorDefinition, trpcCodeByStatus } from '../error-catalogue.ts';

export interface ContractErrorOptions {
  /** Replaces the catalogue message; it is shown to the caller, so keep internals out of it. */
  message?: string;
  /** Logged on the server, never sent. */
  cause?: unknown;
  /** HTTP headers the response carries, such as `WWW-Authenticate` or `Retry-After`. */
  headers?: Readonly<Record<string, string>>;
  /** Seconds until a retry can succeed; sent in the error data (and should be in `Retry-After`). */
  retryAfterSeconds?: number;
}

// Shared by every copy of this module, so an error thrown by one copy of the toolkit is recognised by another.
const brand = Symbol.for('@charter/rpc/ContractError');

/**
 * An error from the contract's catalogue. tRPC sends it as is; REST turns it into problem details.
 * Its `name` stays `TRPCError`: a copy of tRPC other than the one it extends recognises it by that
 * name, and would otherwise answer every catalogue error as a 500.
 */
export class ContractError<TCode extends string = string> extends TRPCError {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && brand in value;
  }

  readonly [brand] = true;
  readonly appCode: TCode;
  readonly headers: Readonly<Record<string, string>>;
  readonly retryAfterSeconds: number | undefined;

  constructor(appCode: TCode, definition: ErrorDefinition, options: ContractErrorOptions = {}) {
    super({
      code: trpcCodeByStatus[definition.status],
      message: options.message ?? definition.message,
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.appCode = appCode;
    this.headers = options.headers ?? {};
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** Ready-to-throw errors for the codes a procedure declared: `throw errors.NOT_FOUND()`. */
export type ErrorFactories<TCode extends string> = {
  readonly [C in TCode]: (options?: ContractErrorOptions) => ContractError<C>;
};

export function errorFactories<TCode extends string>(
  catalogue: ErrorCatalogue,
  codes: readonly TCode[],
): ErrorFactories<TCode> {
  const factories: Record<string, (options?: ContractErrorOptions) => ContractError> = {};
  for (const code of codes) {
    const definition = Object.hasOwn(catalogue, code) ? catalogue[code] : undefined;
    if (!definition) throw new Error(`Error code "${code}" is not in the catalogue`);
    factories[code] = (options) => new ContractError(code, definition, options);
  }
  return factories as ErrorFactories<TCode>;
}

/** The headers every error of a response asks for (later errors win), for the HTTP adapter to send. */
export function headersOfErrors(errors: readonly unknown[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const error of errors) if (error instanceof ContractError) Object.assign(headers, error.headers);
  return headers;
}

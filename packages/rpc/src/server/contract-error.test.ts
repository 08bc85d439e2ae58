import { getTRPCErrorFromUnknown, TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { builtInErrors } from '../error-catalogue.ts';
import { ContractError, headersOfErrors } from './contract-error.ts';

const notFound = () => new ContractError('NOT_FOUND', builtInErrors.NOT_FOUND, { headers: { 'X-A': '1' } });

describe('ContractError', () => {
  it('is a TRPCError that tRPC passes on as is, with the catalogue status', () => {
    const error = notFound();
    expect(error).toBeInstanceOf(TRPCError);
    expect(getTRPCErrorFromUnknown(error)).toBe(error);
    expect(error.code).toBe('NOT_FOUND');
  });

  it('keeps the name TRPCError, by which another copy of tRPC recognises it', () => {
    expect(notFound().name).toBe('TRPCError');
  });

  it('is recognised across copies of the toolkit (a consumer with two installed)', async () => {
    // The query makes Vite load a second, separate instance of the module, as a second install would.
    const secondCopy = new URL('./contract-error.ts?second-copy', import.meta.url).href;
    const copy: typeof import('./contract-error.ts') = await import(/* @vite-ignore */ secondCopy);
    expect(copy.ContractError).not.toBe(ContractError);
    const foreign = new copy.ContractError('NOT_FOUND', builtInErrors.NOT_FOUND, { headers: { 'X-B': '2' } });
    expect(foreign).toBeInstanceOf(ContractError);
    expect(notFound()).toBeInstanceOf(copy.ContractError);
    expect(headersOfErrors([foreign, notFound()])).toEqual({ 'X-B': '2', 'X-A': '1' });
  });

  it('recognises nothing else as one', () => {
    expect(new TRPCError({ code: 'NOT_FOUND' })).not.toBeInstanceOf(ContractError);
    expect(null).not.toBeInstanceOf(ContractError);
    expect({ appCode: 'NOT_FOUND' }).not.toBeInstanceOf(ContractError);
  });
});

import { describe, expect, it } from 'vitest';
import { StreamSlots } from './stream-slots.ts';

const slots = () => new StreamSlots({ perCaller: 2, perAddress: 3 });

describe('StreamSlots', () => {
  it('refuses a caller past its cap, and takes nothing when it refuses', () => {
    const streams = slots();
    const ada = { caller: 'user:ada', address: '10.0.0.1' };
    expect(typeof streams.take(ada)).toBe('function');
    expect(typeof streams.take(ada)).toBe('function');
    expect(streams.take(ada)).toEqual({ full: 'caller' });
    expect(streams.count('user:ada')).toBe(2);
  });

  it('refuses an address past its cap, whoever calls', () => {
    const streams = slots();
    streams.take({ caller: 'user:ada', address: '10.0.0.1' });
    streams.take({ caller: 'user:ada', address: '10.0.0.1' });
    streams.take({ caller: 'user:bob', address: '10.0.0.1' });
    expect(streams.take({ caller: 'user:bob', address: '10.0.0.1' })).toEqual({ full: 'address' });
    expect(typeof streams.take({ caller: 'user:bob', address: '10.0.0.2' })).toBe('function');
  });

  it('knows whether any caller is at its cap', () => {
    const streams = slots();
    const ada = { caller: 'user:ada', address: '10.0.0.1' };
    const first = streams.take(ada);
    expect(streams.anyCallerFull()).toBe(false);
    streams.take(ada);
    expect(streams.anyCallerFull()).toBe(true);
    if (typeof first === 'function') first();
    expect(streams.anyCallerFull()).toBe(false);
  });

  it('gives a slot back once, however often it is released', () => {
    const streams = slots();
    const release = streams.take({ caller: 'user:ada', address: '10.0.0.1' });
    streams.take({ caller: 'user:ada', address: '10.0.0.1' });
    if (typeof release !== 'function') throw new Error('expected a slot');
    release();
    release();
    expect(streams.count('user:ada')).toBe(1);
    expect(streams.fullFor({ caller: 'user:ada', address: '10.0.0.1' })).toBeUndefined();
  });
});

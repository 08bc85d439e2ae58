import { describe, expect, it } from 'vitest';
import { newSigningSecret, signatureHeader } from './signing.ts';

describe('signatureHeader', () => {
  it("signs the Standard Webhooks specification's reference example as it says", () => {
    expect(
      signatureHeader({
        secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
        id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
        timestamp: 1614265330,
        body: '{"test": 2432232314}',
      }),
    ).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('gives one signature per secret, space-separated, during a rotation', () => {
    const header = signatureHeader({
      secrets: [newSigningSecret(), 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
      id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      timestamp: 1614265330,
      body: '{"test": 2432232314}',
    });
    const [fresh, old] = header.split(' ');
    expect(old).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
    expect(fresh).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
  });
});

describe('newSigningSecret', () => {
  it('makes a whsec_ secret of 32 random bytes, a new one each time', () => {
    const secret = newSigningSecret();
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect(newSigningSecret()).not.toBe(secret);
  });
});

import { describe, expect, it } from 'vitest';
import { strictPolicy } from './policy.ts';
import { RefusedTarget, resolveTarget } from './target.ts';

const local = { allowHttp: true, allowedHosts: [] };

describe('resolveTarget', () => {
  it('refuses http:// unless the policy allows it', async () => {
    await expect(resolveTarget('http://93.184.216.34/hooks', strictPolicy)).rejects.toThrow(RefusedTarget);
    await expect(resolveTarget('http://93.184.216.34/hooks', local)).resolves.toMatchObject({
      address: '93.184.216.34',
      family: 4,
    });
  });

  it('takes a public address as it is, without a lookup', async () => {
    await expect(resolveTarget('https://[2606:4700:4700::1111]/', strictPolicy)).resolves.toMatchObject({
      address: '2606:4700:4700::1111',
      family: 6,
    });
  });

  it('refuses a name that resolves to loopback, saying to what', async () => {
    await expect(resolveTarget('https://localhost/hooks', strictPolicy)).rejects.toThrow(
      /resolves to (127\.0\.0\.1|::1), a loopback/,
    );
  });

  it('accepts a private host the policy allows, by name or by address', async () => {
    await expect(
      resolveTarget('http://127.0.0.1:8080/', { allowHttp: true, allowedHosts: ['127.0.0.1'] }),
    ).resolves.toMatchObject({ address: '127.0.0.1' });
    await expect(
      resolveTarget('http://[::1]:8080/', { allowHttp: true, allowedHosts: ['::1'] }),
    ).resolves.toMatchObject({ address: '::1', family: 6 });
    await expect(
      resolveTarget('http://127.0.0.2/', { allowHttp: true, allowedHosts: ['127.0.0.1'] }),
    ).rejects.toThrow(RefusedTarget);
  });
});

import { describe, expect, it } from 'vitest';
import { isCommonPassword, loadCommonPasswords } from './password.ts';

describe('isCommonPassword', () => {
  it('finds nothing until the list is loaded, then the common and breached passwords in any letter case', async () => {
    expect(isCommonPassword('password')).toBe(false);
    await Promise.all([loadCommonPasswords(), loadCommonPasswords()]);
    for (const password of ['password', 'PassWord', '12345678', 'qwertyuiop', 'iloveyou'])
      expect(isCommonPassword(password)).toBe(true);
    expect(isCommonPassword('violet kettle orbit')).toBe(false);
  });
});

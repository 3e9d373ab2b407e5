import { describe, expect, it } from 'vitest';
import { displayPath } from './declared.js';

describe('displayPath', () => {
  it('shows a file under the working directory relative to it, with / separators', () => {
    expect(displayPath('/repo/infra/main.tf', '/repo')).toBe('infra/main.tf');
    expect(displayPath('infra/modules/x/main.tf', '/repo')).toBe('infra/modules/x/main.tf');
  });

  it('keeps a file outside the working directory absolute', () => {
    expect(displayPath('/elsewhere/main.tf', '/repo')).toBe('/elsewhere/main.tf');
    expect(displayPath('/repo-other/main.tf', '/repo')).toBe('/repo-other/main.tf');
  });
});

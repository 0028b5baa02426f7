import { ConfigError } from '@hotshot/config';
import { phaseOf } from './rollup-node';

describe('phaseOf', () => {
  it('reads --phase, and --integrated as phase 3', () => {
    expect(phaseOf({ phase: '1', integrated: false })).toBe(1);
    expect(phaseOf({ phase: '2', integrated: false })).toBe(2);
    expect(phaseOf({ phase: '3', integrated: false })).toBe(3);
    expect(phaseOf({ phase: '1', integrated: true })).toBe(3);
    expect(phaseOf({ phase: '3', integrated: true })).toBe(3);
  });

  it('refuses --integrated with --phase 2, which asks for a separate adaptor', () => {
    expect(() => phaseOf({ phase: '2', integrated: true })).toThrow(ConfigError);
  });
});

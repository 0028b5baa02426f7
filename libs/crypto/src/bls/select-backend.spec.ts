import { blsBackend, selectBlsBackend } from './select-backend';

describe('selectBlsBackend', () => {
  afterAll(() => selectBlsBackend((process.env.HOTSHOT_BLS_BACKEND as 'noble' | undefined) ?? 'auto'));

  it('takes blst on auto where it loads, noble when forced, and makes the choice the process default', () => {
    expect(selectBlsBackend('auto')).toEqual({ backend: expect.objectContaining({ name: 'blst' }) });
    expect(blsBackend().name).toBe('blst');
    expect(selectBlsBackend('noble').backend.name).toBe('noble');
    expect(blsBackend().name).toBe('noble');
    expect(selectBlsBackend('blst').backend.name).toBe('blst');
  });
});

import { startDevApi, type DevApi, type DevInfo } from './dev-api';
import type { PosterState } from './light-client-switch';

const posting: PosterState = { status: 'posting', l1Height: 3, account: '0xabc', lastPosted: null, frozenAt: null };

describe('the dev API', () => {
  let api: DevApi;
  const calls: string[] = [];
  let poster: PosterState = posting;
  const info = { sequencerApiUrl: 'http://127.0.0.1:1', poster } as unknown as DevInfo;

  beforeAll(async () => {
    api = await startDevApi({
      host: '127.0.0.1',
      port: 0,
      handlers: {
        info: () => info,
        hotShotDown: async () => {
          calls.push('down started');
          await new Promise((resolve) => setTimeout(resolve, 20));
          poster = { ...poster, status: 'frozen', frozenAt: '2026-01-01T00:00:00.000Z' };
          calls.push('down done');
        },
        hotShotUp: () => {
          calls.push('up');
          if (poster.status === 'posting') throw new Error('already up');
          poster = posting;
        },
        posterState: () => poster,
      },
    });
  });
  afterAll(() => api.close());

  it('answers GET /dev/info with the info as JSON', async () => {
    const response = await fetch(`${api.url}/dev/info?x=1`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual(info);
  });

  it('answers POST /dev/hotshot-down once the poster stopped, and hotshot-up with the state after', async () => {
    const down = await fetch(`${api.url}/dev/hotshot-down`, { method: 'POST', body: '{"height": 3}' });
    expect(calls).toEqual(['down started', 'down done']);
    expect(await down.json()).toMatchObject({ status: 'frozen' });
    const up = await fetch(`${api.url}/dev/hotshot-up`, { method: 'POST' });
    expect(await up.json()).toMatchObject({ status: 'posting', frozenAt: null });
  });

  it('answers 405 with Allow for another method, 404 for another path, 500 when a handler throws', async () => {
    const wrong = await fetch(`${api.url}/dev/hotshot-up`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    const missing = await fetch(`${api.url}/dev-info`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ routes: ['/dev/info', '/dev/hotshot-down', '/dev/hotshot-up'] });
    const failing = await fetch(`${api.url}/dev/hotshot-up`, { method: 'POST' });
    expect(failing.status).toBe(500);
    expect(await failing.json()).toEqual({ error: 'InternalError', message: 'already up' });
  });
});

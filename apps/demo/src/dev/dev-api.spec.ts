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

  it('refuses a body of another shape than espresso-dev-node’s with 400, one over 1 KiB with 413, and switches nothing', async () => {
    calls.length = 0;
    const post = (path: string, body: string) => fetch(`${api.url}${path}`, { method: 'POST', body });
    const wrongType = await post('/dev/hotshot-down', '{"height":"3"}');
    expect([wrongType.status, await wrongType.json()]).toEqual([
      400,
      { error: 'BodyShapeError', message: 'request body: /height Expected integer' },
    ]);
    for (const body of ['{"heigth":3}', '[]', '{"chain_id":-1}', 'down']) {
      const refused = await post('/dev/hotshot-up', body);
      expect([body, refused.status]).toEqual([body, 400]);
    }
    const huge = await post('/dev/hotshot-down', JSON.stringify({ height: 3, pad: 'x'.repeat(2000) }));
    expect([huge.status, await huge.json()]).toMatchObject([413, { error: 'BodyTooLargeError' }]);
    expect(calls).toEqual([]);
    expect((await post('/dev/hotshot-down', '{"chain_id":31337,"height":3}')).status).toBe(200);
    expect((await post('/dev/hotshot-up', '{"chain_id":31337}')).status).toBe(200);
    expect(calls).toEqual(['down started', 'down done', 'up']);
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

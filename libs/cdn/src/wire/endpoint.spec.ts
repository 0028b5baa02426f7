import { formatEndpoint, parseEndpoint } from './endpoint';
import { InvalidEndpointError } from './wire-errors';

describe('endpoints', () => {
  it.each([
    ['127.0.0.1', 50001],
    ['broker-1.cdn.internal', 1],
    ['::1', 65535],
    ['fe80::1', 4000],
  ])('formats and parses %s:%i', (host, port) => {
    expect(parseEndpoint(formatEndpoint(host, port))).toEqual({ host, port });
  });

  it.each(['127.0.0.1', '127.0.0.1:0', 'host:65536', '::1:80', '[::1]', 'a b:80', ':80', 'host:-1', 'host:80x'])(
    'refuses %j',
    (text) => {
      expect(() => parseEndpoint(text)).toThrow(InvalidEndpointError);
    },
  );
});

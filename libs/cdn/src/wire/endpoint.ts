import { InvalidEndpointError } from './wire-errors';

/** A TCP address as `host` and `port`. */
export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

/** `host:port`, with an IPv6 host in brackets (the form a Redirect carries). */
export function formatEndpoint(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Parses `host:port` or `[v6]:port`; throws InvalidEndpointError (a protocol error: it arrives from a peer). */
export function parseEndpoint(text: string): Endpoint {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]+)):(\d{1,5})$/.exec(text);
  const port = match ? Number(match[3]) : 0;
  if (!match || port < 1 || port > 65535) throw new InvalidEndpointError(text);
  return { host: match[1] ?? match[2], port };
}

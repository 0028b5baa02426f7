/**
 * The load generator's one HTTP client for both systems: node:http over kept-alive sockets. fetch (undici) cost
 * about a quarter of a core at saturation on this two-core machine, taken from both systems alike; this client
 * does the same requests for less, so more of the machine goes to what is measured.
 */
import http from 'node:http';

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** The status and body text of a POST of `body` (JSON) to `url`; rejects on a network error or after `timeoutMs`. */
export function postJson(url: string, body: string, timeoutMs = 30_000): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        timeout: timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`POST ${url} took over ${timeoutMs} ms`)));
    request.on('error', reject);
    request.end(body);
  });
}

import { connect } from 'node:net';

/**
 * The oversized-body attack: posts the head of a submit whose Content-Length says `bodyBytes`, then streams it in
 * 1 MiB chunks (waiting for the socket to drain) until the server answers or cuts the connection. Returns the
 * status line read and how much of the body left this process.
 */
export function oversizedPost(port: number, bodyBytes: number): Promise<{ statusLine: string; written: number }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunk = Buffer.alloc(1024 * 1024, 'A');
    let written = 0;
    let answer = '';
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve({ statusLine: answer.split('\r\n')[0] ?? '', written });
    };
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => {
      answer += text;
      if (answer.includes('\r\n\r\n')) finish();
    });
    socket.on('close', finish);
    socket.on('error', finish);
    socket.on('connect', () => {
      socket.write(
        'POST /v0/submit/submit HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
          `Content-Length: ${bodyBytes}\r\n\r\n{"namespace":1,"payload":"`,
      );
      const pump = () => {
        while (!done && written < bodyBytes) {
          written += chunk.length;
          if (!socket.write(chunk)) return void socket.once('drain', pump);
        }
      };
      pump();
    });
  });
}

import { connect as netConnect, type Socket } from 'node:net';
import { CdnClientStoppedError } from './client-errors';

/**
 * Opens a TCP connection to host:port within `timeoutMs`. `setWake` receives the function that aborts the attempt
 * (the client calls it when its signal fires) and is cleared once the attempt is over.
 */
export function connectSocket(
  host: string,
  port: number,
  timeoutMs: number,
  signal: AbortSignal,
  setWake: (wake: (() => void) | undefined) => void,
): Promise<Socket> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new CdnClientStoppedError('the connection'));
      return;
    }
    const socket = netConnect({ host, port });
    const cleanup = () => {
      clearTimeout(timer);
      setWake(undefined);
      socket.off('error', onError);
      socket.off('connect', onConnect);
    };
    const onError = (error: Error) => {
      cleanup();
      socket.destroy();
      reject(error);
    };
    const onAbort = () => onError(new CdnClientStoppedError('the connection'));
    const onConnect = () => {
      cleanup();
      resolve(socket);
    };
    const timer = setTimeout(() => onError(new Error('connect timed out')), timeoutMs);
    socket.once('error', onError);
    socket.once('connect', onConnect);
    setWake(onAbort);
  });
}

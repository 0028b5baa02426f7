import './style.css';
import { renderBlockPage } from './block-page';
import { byId, setText } from './dom';
import { LiveNode } from './live';
import { renderOverview } from './overview';
import { search } from './search';

/**
 * The sequencer dashboard: one page on the node's own API and block stream. Routes live in the hash so the node
 * serves one file: `#/` the overview, `#/block/<height>` a block, `#/block/<height>/tx/<hash>` a block with a
 * transaction picked out.
 */
const node = new LiveNode();
const main = byId('main');
let leave: (() => void) | undefined;

function route(): void {
  leave?.();
  leave = undefined;
  const match = /^#\/block\/(\d+)(?:\/tx\/(0x[0-9a-f]{64}))?$/.exec(window.location.hash);
  if (match) {
    void renderBlockPage(main, Number(match[1]), match[2]);
  } else {
    leave = renderOverview(main, node);
  }
  // After a navigation, keyboard and screen-reader users start at the new content.
  if (document.activeElement && document.activeElement !== document.body && !main.contains(document.activeElement)) {
    main.focus({ preventScroll: true });
  }
}

byId<HTMLFormElement>('search').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = byId<HTMLInputElement>('search-input');
  const message = byId('search-message');
  message.hidden = true;
  void search(input.value).then((result) => {
    if ('message' in result) {
      setText(message, result.message);
      message.hidden = false;
      return;
    }
    const target = `#/block/${result.height}${result.tx ? `/tx/${result.tx}` : ''}`;
    if (window.location.hash === target) route();
    else window.location.hash = target;
  });
});

node.subscribe((state, changed) => {
  if (changed !== 'connection') return;
  const pill = byId('connection');
  const { status, stream, message } = state.connection;
  const text =
    status === 'down'
      ? `Node unreachable${message ? `: ${message}` : ''}`
      : status === 'starting'
        ? 'Node is joining the network'
        : stream === 'open'
          ? 'Live'
          : 'Reconnecting the block stream';
  setText(pill, text);
  pill.dataset.state = status === 'ok' && stream === 'open' ? 'ok' : status === 'down' ? 'down' : 'wait';
});

// The skip link moves focus without touching the hash, which holds the route.
document.querySelector('.skip')?.addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});

window.addEventListener('hashchange', route);
node.start();
route();

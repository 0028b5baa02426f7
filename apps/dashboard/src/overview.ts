import type { BlockJson, DashboardStatusJson } from './api';
import { byId, facts, h, section, setText } from './dom';
import { ago, bytes, clock, count, duration, rate, shortHash } from './format';
import { LatencyChart } from './latency-chart';
import type { LiveNode, LiveState } from './live';

/** Over how much time rates are averaged, in ms. */
const RATE_WINDOW_MS = 60_000;
/** A member voted recently when a decided certificate it signed was seen this long ago or less, in ms. */
const RECENT_VOTE_MS = 30_000;

/** The overview: network, members, latest blocks, L1 and this node, kept live from `node`. */
export function renderOverview(main: HTMLElement, node: LiveNode): () => void {
  const chartBox = h('div', { class: 'chart', role: 'img', 'aria-label': 'Decide latency over the last minutes' });
  const network = section(
    'network',
    'Network',
    h(
      'div',
      { class: 'tiles' },
      tile('height', 'Block height'),
      tile('view', 'Current view'),
      tile('leader', 'Leader'),
      tile('views-rate', 'Views per second'),
      tile('latency', 'Decide latency'),
      tile('tx-rate', 'Transactions'),
      tile('byte-rate', 'Throughput'),
      tile('timeouts', 'View timeouts'),
    ),
    h('h3', { text: 'Decide latency, last 10 minutes' }),
    chartBox,
  );
  const membersBody = h('tbody', { id: 'members-body' });
  const members = section(
    'members',
    'Members',
    scroller(
      h(
        'table',
        {},
        h('caption', { class: 'visually-hidden', text: 'Stake table members and their recent votes' }),
        head(['Index', ['Public key', 'Key'], 'Stake', ['Voted recently', 'Voted']]),
        membersBody,
      ),
    ),
  );
  const blocksBody = h('tbody', { id: 'blocks-body', 'data-testid': 'latest-blocks' });
  const blocks = section(
    'blocks',
    'Latest blocks',
    scroller(
      h(
        'table',
        {},
        h('caption', { class: 'visually-hidden', text: 'The newest decided blocks' }),
        head(['Height', 'Time', ['Transactions', 'Txs'], 'Size', 'Namespaces']),
        blocksBody,
      ),
    ),
  );
  const l1 = section('l1', 'L1', h('div', { id: 'l1-body' }));
  const self = section(
    'self',
    'This node',
    facts('node', [
      ['index', 'Stake-table index'],
      ['storage', 'Storage'],
      ['retention', 'Retention'],
      ['earliest', 'Earliest available height'],
      ['latest', 'Latest stored height'],
      ['mempool', 'Mempool'],
      ['catchup', 'Caught up from'],
    ]),
  );
  main.replaceChildren(h('h1', { class: 'visually-hidden', text: 'Overview' }), network, members, self, blocks, l1);

  const chart = new LatencyChart(chartBox);
  const views: { atMs: number; view: number }[] = [];
  const update = (state: LiveState, changed: string) => {
    if (changed === 'blocks') renderBlocks(blocksBody, state.blocks, state.status?.nowMs ?? Date.now());
    if (changed !== 'status' || !state.status) return;
    const status = state.status;
    const last = views.at(-1);
    if (status.view !== null && (!last || last.atMs < status.nowMs))
      views.push({ atMs: status.nowMs, view: status.view });
    while (views.length > 2 && views[0]!.atMs < status.nowMs - RATE_WINDOW_MS) views.shift();
    renderNetwork(status, views);
    chart.update(status.recent);
    renderMembers(membersBody, status);
    renderBlocks(blocksBody, state.blocks, status.nowMs);
    renderL1(status);
    renderSelf(status);
  };
  const unsubscribe = node.subscribe(update);
  if (node.state.status) update(node.state, 'status');
  if (node.state.blocks.length > 0) update(node.state, 'blocks');
  return unsubscribe;
}

function tile(key: string, label: string): HTMLElement {
  return h(
    'div',
    { class: 'tile' },
    h('p', { class: 'tile-label', id: `tile-${key}-label`, text: label }),
    h('p', {
      class: 'tile-value',
      id: `tile-${key}`,
      'data-testid': key,
      'aria-labelledby': `tile-${key}-label tile-${key}`,
      text: '–',
    }),
    h('p', { class: 'tile-note', id: `tile-${key}-note` }),
  );
}

/** Column headers; a [long, short] pair shows the short form at phone width (CSS hides the other from everyone). */
function head(titles: readonly (string | readonly [string, string])[]): HTMLTableSectionElement {
  const cell = (title: string | readonly [string, string]) =>
    typeof title === 'string'
      ? h('th', { scope: 'col', text: title })
      : h(
          'th',
          { scope: 'col' },
          h('span', { class: 'long', text: title[0] }),
          h('span', { class: 'short', text: title[1] }),
        );
  return h('thead', {}, h('tr', {}, ...titles.map(cell)));
}

/** Wide tables scroll sideways on a phone instead of widening the page; the wrapper is focusable to scroll by key. */
function scroller(table: HTMLTableElement): HTMLElement {
  return h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': 'scrollable table' }, table);
}

function setTile(key: string, value: string, note = ''): void {
  setText(byId(`tile-${key}`), value);
  setText(byId(`tile-${key}-note`), note);
}

function renderNetwork(status: DashboardStatusJson, views: readonly { atMs: number; view: number }[]): void {
  setTile('height', count(status.blockHeight), 'blocks decided');
  setTile('view', status.view === null ? '–' : count(status.view), status.running ? '' : 'node is starting');
  const self = status.node.index;
  setTile(
    'leader',
    status.leader === null ? '–' : `node ${status.leader}`,
    status.leader !== null && status.leader === self ? 'this node' : 'of the current view',
  );
  const first = views[0];
  const last = views.at(-1);
  const span = first && last ? last.atMs - first.atMs : 0;
  setTile('views-rate', span > 0 ? rate(((last!.view - first!.view) * 1000) / span, 'views') : '–', 'last minute');

  const recent = status.recent;
  const latest = recent.at(-1);
  const windowStart = status.nowMs - RATE_WINDOW_MS;
  const lastMinute = recent.filter((sample) => sample.decidedAtMs >= windowStart);
  const latencies = lastMinute.map((sample) => sample.decidedAtMs - sample.proposedAtMs).sort((a, b) => a - b);
  const median = latencies[Math.floor(latencies.length / 2)];
  setTile(
    'latency',
    latest ? duration(latest.decidedAtMs - latest.proposedAtMs) : '–',
    median === undefined ? 'no decide in the last minute' : `median ${duration(median)}, last minute`,
  );
  // Average over the last minute, or over the time since the first decide the node remembers if that is shorter.
  const since = Math.max(windowStart, recent[0]?.decidedAtMs ?? status.nowMs);
  const seconds = Math.max(1, (status.nowMs - since) / 1000);
  const txs = lastMinute.reduce((sum, sample) => sum + sample.txs, 0);
  const size = lastMinute.reduce((sum, sample) => sum + sample.bytes, 0);
  setTile('tx-rate', rate(txs / seconds, 'tx'), `${count(txs)} in the last minute`);
  setTile('byte-rate', rate(size / seconds, 'bytes'), `${bytes(size)} in the last minute`);
  setTile(
    'timeouts',
    status.viewTimeouts === null ? '–' : count(status.viewTimeouts),
    status.viewTimeoutMs === null ? 'since this node started' : `timer ${duration(status.viewTimeoutMs)}`,
  );
}

function renderMembers(body: HTMLTableSectionElement, status: DashboardStatusJson): void {
  if (status.members.length === 0) {
    body.replaceChildren(h('tr', {}, h('td', { colspan: 4, text: 'Waiting for the stake table…' })));
    return;
  }
  if (body.rows.length !== status.members.length || !body.rows[0]?.dataset.index) {
    body.replaceChildren(
      ...status.members.map((member) =>
        h(
          'tr',
          { 'data-index': member.index },
          h('th', { scope: 'row' }),
          h('td', { class: 'mono key', title: member.publicKey, text: shortHash(member.publicKey, 6) }),
          h('td', { class: 'num' }),
          h('td'),
        ),
      ),
    );
  }
  for (const member of status.members) {
    const row = body.rows[member.index]!;
    const badges = [
      member.index === status.leader ? 'leader' : '',
      member.index === status.node.index ? 'this node' : '',
    ].filter(Boolean);
    setText(row.cells[0]!, `${member.index}${badges.length ? ` (${badges.join(', ')})` : ''}`);
    setText(row.cells[2]!, count(Number(member.stake)));
    const at = member.lastVoteAtMs;
    const recent = at !== null && status.nowMs - at <= RECENT_VOTE_MS;
    const cell = row.cells[3]!;
    if (at === null) {
      setText(cell, 'no vote seen');
    } else {
      if (cell.childElementCount !== 1) cell.replaceChildren(h('span'), h('span', { class: 'ago' }));
      setText(cell.firstElementChild!, `${recent ? 'yes' : 'no'}, view ${count(member.lastVoteView!)}`);
      setText(cell.lastElementChild!, ` (${ago(at, status.nowMs)})`);
    }
    cell.className = recent ? 'good' : 'bad';
  }
}

function renderBlocks(body: HTMLTableSectionElement, blocks: readonly BlockJson[], nowMs: number): void {
  if (blocks.length === 0) {
    if (body.rows.length === 0) body.append(h('tr', {}, h('td', { colspan: 5, text: 'Waiting for blocks…' })));
    return;
  }
  const rows = new Map<number, HTMLTableRowElement>();
  for (const row of [...body.rows]) {
    const height = Number(row.dataset.height);
    if (row.dataset.height !== undefined && blocks.some((block) => block.height === height)) rows.set(height, row);
    else row.remove();
  }
  // Rows are kept and reordered, never rebuilt, so a focused link stays focused while blocks arrive.
  let previous: HTMLTableRowElement | undefined;
  for (const block of blocks) {
    let row = rows.get(block.height);
    if (!row) {
      const namespaces = block.namespaceTable?.map((entry) => entry.namespace) ?? [];
      row = h(
        'tr',
        { 'data-height': block.height },
        h('th', { scope: 'row' }, h('a', { href: `#/block/${block.height}`, text: count(block.height) })),
        h('td', { class: 'time' }, h('span'), h('span', { class: 'ago' })),
        h('td', { class: 'num', text: block.transactions === null ? '…' : count(block.transactions.length) }),
        h('td', { class: 'num', text: bytes(block.header.payloadSize) }),
        h('td', {
          class: 'namespaces',
          text: block.available ? (namespaces.length ? namespaces.join(', ') : 'none') : 'payload not here yet',
        }),
      );
    }
    // Move a row only when it is out of place: moving a node blurs a focused link inside it.
    if (previous) {
      if (previous.nextElementSibling !== row) previous.after(row);
    } else if (body.firstElementChild !== row) {
      body.prepend(row);
    }
    previous = row;
    const time = row.cells[1]!;
    setText(time.firstElementChild!, clock(block.header.timestamp));
    setText(time.lastElementChild!, ` (${ago(block.header.timestamp, nowMs)})`);
  }
}

function renderL1(status: DashboardStatusJson): void {
  const body = byId('l1-body');
  const l1 = status.l1;
  if (!l1) {
    if (!body.dataset.mode) {
      body.dataset.mode = 'none';
      body.replaceChildren(
        h('p', {
          class: 'muted',
          text: 'No L1 configured. Start the node with --l1-url and --deployment to follow HotShot.sol and the rollup contract here.',
        }),
      );
    }
    return;
  }
  if (body.dataset.mode !== 'l1') {
    body.dataset.mode = 'l1';
    body.replaceChildren(
      facts('l1', [
        ['block', 'L1 block'],
        ['hotshot', 'HotShot.sol height'],
        ['sequenced', 'Rollup sequenced height'],
        ['verified', 'Rollup verified height'],
        ['addresses', 'Contracts'],
      ]),
      h('p', { id: 'l1-error', class: 'bad', role: 'status' }),
    );
  }
  const progress = l1.progress;
  const tip = status.blockHeight - 1;
  const lag = (height: number) => (tip - height <= 0 ? 'up to date' : `${count(tip - height)} blocks behind this node`);
  setText(byId('l1-block'), progress ? count(progress.l1Block) : '–');
  setText(byId('l1-hotshot'), progress ? `${count(progress.hotShotHeight)} (${lag(progress.hotShotHeight)})` : '–');
  setText(
    byId('l1-sequenced'),
    progress ? `${count(progress.sequencedHeight)} (${lag(progress.sequencedHeight)})` : '–',
  );
  setText(byId('l1-verified'), progress ? `${count(progress.verifiedHeight)} (${lag(progress.verifiedHeight)})` : '–');
  setText(
    byId('l1-addresses'),
    l1.hotShot === null ? 'not known yet' : `HotShot.sol ${l1.hotShot}, rollup ${l1.rollup ?? '–'}`,
  );
  setText(byId('l1-error'), l1.error ? `L1 did not answer: ${l1.error}` : '');
}

function renderSelf(status: DashboardStatusJson): void {
  const n = status.node;
  setText(byId('node-index'), n.index === null ? 'not joined yet' : `node ${n.index}`);
  setText(byId('node-storage'), n.storage === null ? '–' : n.storage === 'sqlite' ? 'SQLite' : 'PostgreSQL');
  const r = n.retention;
  const retention = !r
    ? 'archive: keeps every block'
    : [
        r.blocks === null ? '' : `newest ${count(r.blocks)} blocks`,
        r.ageSeconds === null ? '' : `the last ${duration(r.ageSeconds * 1000)}`,
      ]
        .filter(Boolean)
        .join(' and ');
  setText(byId('node-retention'), retention);
  setText(byId('node-earliest'), n.earliestHeight === null ? 'none yet' : count(n.earliestHeight));
  setText(byId('node-latest'), n.latestHeight === null ? 'none yet' : count(n.latestHeight));
  setText(
    byId('node-mempool'),
    n.mempoolTransactions === null ? '–' : `${count(n.mempoolTransactions)} transactions waiting`,
  );
  setText(
    byId('node-catchup'),
    n.catchupPeers.length === 0
      ? 'no peer: it has not needed to catch up'
      : n.catchupPeers
          .map((peer) => `node ${peer.index} (${count(peer.leaves)} leaves, ${ago(peer.lastAtMs, status.nowMs)})`)
          .join('; '),
  );
  setText(byId('node-name'), n.index === null ? '' : `node ${n.index}`);
}

import { ApiCallError, BlockSchema, LeafSchema, getJson, type BlockJson, type LeafJson } from './api';
import { facts, h, section, setText } from './dom';
import { ago, base64Length, base64Preview, bytes, count, dateTime, shortHash } from './format';

/** The block page: header, namespace table and transactions of one height; `tx` is highlighted and focused. */
export async function renderBlockPage(main: HTMLElement, height: number, tx?: string): Promise<void> {
  main.replaceChildren(h('h1', { text: `Block ${count(height)}` }), h('p', { role: 'status', text: 'Loading…' }));
  let block: BlockJson;
  let leaf: LeafJson | undefined;
  try {
    [block, leaf] = await Promise.all([
      getJson(`/v0/availability/block/${height}`, BlockSchema),
      getJson(`/v0/availability/leaf/${height}`, LeafSchema).catch(() => undefined),
    ]);
  } catch (error) {
    const message =
      error instanceof ApiCallError && error.status === 404
        ? `Block ${count(height)} is not decided yet.`
        : `This node cannot show block ${count(height)}: ${(error as Error).message}`;
    main.replaceChildren(
      h('h1', { text: `Block ${count(height)}` }),
      h('p', { role: 'alert', text: message }),
      nav(height),
    );
    return;
  }
  const header = section(
    'header',
    'Header',
    facts('header', [
      ['height', 'Height'],
      ['hash', 'Block hash'],
      ['time', 'Time'],
      ['view', 'View'],
      ['size', 'Payload size'],
      ['txs', 'Transactions'],
      ['chain', 'Chain id'],
      ['l1', 'L1 head'],
      ['parent', 'Parent commitment'],
      ['payload', 'Payload commitment'],
      ['signers', 'Quorum certificate'],
    ]),
  );
  const namespaces = section(
    'namespaces',
    'Namespace table',
    block.namespaceTable === null
      ? h('p', { text: 'This node has the header but not yet the payload.' })
      : block.namespaceTable.length === 0
        ? h('p', { text: 'An empty block: no namespaces.' })
        : table(
            'Namespaces of this block',
            ['Namespace', 'Transactions', 'Payload hash'],
            block.namespaceTable.map((entry) =>
              h(
                'tr',
                { 'data-namespace': entry.namespace },
                h('th', { scope: 'row', text: String(entry.namespace) }),
                h('td', { class: 'num', text: count(entry.txCount) }),
                h('td', { class: 'mono wrap', text: entry.payloadHash }),
              ),
            ),
            'block-namespaces',
          ),
  );
  const transactions = section(
    'transactions',
    'Transactions',
    !block.transactions || block.transactions.length === 0
      ? h('p', { text: block.transactions ? 'No transactions.' : 'Not available yet.' })
      : table(
          'Transactions of this block, in block order',
          ['#', 'Hash', 'Namespace', 'Size', 'Payload'],
          block.transactions.map((t, index) =>
            h(
              'tr',
              {
                'data-hash': t.hash,
                class: t.hash === tx ? 'selected' : undefined,
                tabindex: t.hash === tx ? -1 : undefined,
              },
              h('th', { scope: 'row', text: String(index) }),
              h('td', { class: 'mono wrap', text: t.hash }),
              h('td', { class: 'num', text: String(t.namespace) }),
              h('td', { class: 'num', text: bytes(base64Length(t.payload)) }),
              h('td', { class: 'mono', text: base64Preview(t.payload) }),
            ),
          ),
          'block-transactions',
        ),
  );
  main.replaceChildren(h('h1', { text: `Block ${count(height)}` }), nav(height), header, namespaces, transactions);

  const set = (key: string, text: string) => setText(document.getElementById(`header-${key}`)!, text);
  set('height', count(block.height));
  set('hash', block.hash);
  set('time', `${dateTime(block.header.timestamp)} (${ago(block.header.timestamp, Date.now())})`);
  set('view', leaf ? count(leaf.view) : '–');
  set('size', bytes(block.header.payloadSize));
  set('txs', block.transactions ? count(block.transactions.length) : 'payload not here yet');
  set('chain', block.header.chainId);
  set('l1', count(block.header.l1Head));
  set('parent', block.header.parentCommitment);
  set('payload', block.header.payloadCommitment);
  set('signers', leaf ? describeQc(leaf) : '–');
  if (tx) {
    const row = main.querySelector<HTMLTableRowElement>(`tr[data-hash="${tx}"]`);
    row?.scrollIntoView({ block: 'center' });
    row?.focus();
  }
}

function nav(height: number): HTMLElement {
  return h(
    'nav',
    { class: 'pager', 'aria-label': 'Blocks' },
    h('a', { href: '#/', text: '← Overview' }),
    height > 0 ? h('a', { href: `#/block/${height - 1}`, text: `← Block ${count(height - 1)}` }) : undefined,
    h('a', { href: `#/block/${height + 1}`, text: `Block ${count(height + 1)} →` }),
  );
}

function table(caption: string, titles: readonly string[], rows: HTMLTableRowElement[], testId: string): HTMLElement {
  return h(
    'div',
    { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': caption },
    h(
      'table',
      { 'data-testid': testId },
      h('caption', { class: 'visually-hidden', text: caption }),
      h('thead', {}, h('tr', {}, ...titles.map((title) => h('th', { scope: 'col', text: title })))),
      h('tbody', {}, ...rows),
    ),
  );
}

/** The justify QC: which view it certifies and how many members signed it. */
function describeQc(leaf: LeafJson): string {
  const hex = leaf.justifyQc.certificate.signers.slice(2);
  let signers = 0;
  for (let i = 0; i < hex.length; i += 2) {
    let byte = parseInt(hex.slice(i, i + 2), 16);
    for (; byte; byte >>= 1) signers += byte & 1;
  }
  return `justifies view ${count(leaf.justifyQc.view)} (leaf ${shortHash(leaf.justifyQc.leafCommitment)}), ${signers} signers`;
}

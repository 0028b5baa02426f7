import {
  MAX_BATCH_REQUESTS,
  pendingNonceParams,
  readRpcBody,
  sendRawTransactionParams,
  transactionHashParams,
} from './rpc-request';

const ADDRESS = `0x${'ab'.repeat(20)}`;
const HASH = `0x${'cd'.repeat(32)}`;

describe('readRpcBody', () => {
  it('reads one request and keeps what it forwards (params, other fields) as sent', () => {
    const request = { jsonrpc: '2.0', id: 7, method: 'eth_call', params: { not: 'positional' } };
    expect(readRpcBody(request)).toEqual({ kind: 'one', item: { ok: true, request } });
  });

  it.each<[string, unknown, unknown]>([
    ['a missing method', { jsonrpc: '2.0', id: 3 }, 3],
    ['a method that is a number', { id: 'a', method: 5 }, 'a'],
    ['a method nested in an object', { id: 4, method: { name: 'eth_chainId' } }, 4],
    ['a request nested in an array of arrays', [[{ id: 5, method: 'eth_chainId' }]], null],
    ['no id at all', { method: ['eth_chainId'] }, null],
    ['a string', 'eth_chainId', null],
    ['null', null, null],
  ])('refuses %s as an invalid request, under its id when it has one', (_what, body, id) => {
    const read = readRpcBody(body);
    const item = read.kind === 'one' ? read.item : read.kind === 'batch' ? read.items[0] : undefined;
    expect(item).toMatchObject({ ok: false, id });
    if (item?.ok === false) expect(item.message).toMatch(/Expected/);
  });

  it('reads a batch item by item, refusing only the invalid ones', () => {
    const read = readRpcBody([{ id: 1, method: 'eth_chainId' }, { id: 2 }, 3]);
    expect(read.kind === 'batch' && read.items.map((item) => item.ok)).toEqual([true, false, false]);
  });

  it('refuses a huge batch whole, naming the bound', () => {
    const requests = Array.from({ length: 100_000 }, (_, id) => ({ id, method: 'eth_chainId' }));
    expect(readRpcBody(requests.slice(0, MAX_BATCH_REQUESTS)).kind).toBe('batch');
    const read = readRpcBody(requests);
    expect(read).toMatchObject({ kind: 'batch-too-large' });
    expect(read.kind === 'batch-too-large' && read.message).toContain(String(MAX_BATCH_REQUESTS));
  });
});

describe('the params of the methods the node answers itself', () => {
  it('decodes the right shapes', () => {
    expect(sendRawTransactionParams.is(['0x02f8'])).toBe(true);
    expect(pendingNonceParams.is([ADDRESS, 'pending'])).toBe(true);
    expect(transactionHashParams.is([HASH])).toBe(true);
  });

  it.each<[string, unknown]>([
    ['missing params', undefined],
    ['no transaction', []],
    ['a transaction that is not hex', ['02f8']],
    ['a transaction as a number', [1234]],
    ['the transaction nested once more', [['0x02f8']]],
    ['params as an object', { 0: '0x02f8' }],
    ['a huge array of transactions', Array.from({ length: 100_000 }, () => '0x02f8')],
  ])('refuses eth_sendRawTransaction with %s', (_what, params) => {
    const result = sendRawTransactionParams.check(params);
    expect(result.ok).toBe(false);
  });

  it('leaves a nonce query that is not for the pending nonce of an address to the engine', () => {
    expect(pendingNonceParams.is([ADDRESS, 'latest'])).toBe(false);
    expect(pendingNonceParams.is(['0x12', 'pending'])).toBe(false);
    expect(pendingNonceParams.is([{ address: ADDRESS }, 'pending'])).toBe(false);
    expect(transactionHashParams.is([HASH.slice(0, 10)])).toBe(false);
  });
});

import { genesisLeaf, genesisQc, jsonSchema, leafCommitment, type Bytes32, type Leaf } from '@hotshot/protocol';
import { leafJson } from '../json/encode';
import { HeaderSchema, LeafSchema, NamespaceProofSchema, PayloadSchema } from './availability.schema';
import { HotShotConfigSchema } from './config.schema';
import { openApiSchema } from './openapi-schema';
import { SubmitBatchSchema, SubmitTransactionSchema } from './submit.schema';

const hash = `0x${'ab'.repeat(32)}`;
const header = {
  chainId: '35353',
  height: 3,
  timestamp: 1_700_000_000_000,
  l1Head: 7,
  parentCommitment: hash,
  payloadCommitment: hash,
  payloadSize: 0,
};

/** The paths of the issues `schema` finds in `value` ([] when it is accepted). */
function issuePaths(decoder: ReturnType<typeof jsonSchema>, value: unknown): string[] {
  const result = decoder.check(value);
  return result.ok ? [] : [...new Set(result.issues.map((issue) => issue.path))];
}

describe('the submit body schemas', () => {
  const submit = jsonSchema(SubmitTransactionSchema);
  const batch = jsonSchema(SubmitBatchSchema);

  it('accept a transaction in standard or URL-safe base64, and a batch of them', () => {
    expect(submit.is({ namespace: 0, payload: '' })).toBe(true);
    expect(submit.is({ namespace: 0xffffffff, payload: 'ab+/Yw==' })).toBe(true);
    expect(submit.is({ namespace: 1, payload: 'ab-_Yw' })).toBe(true);
    expect(batch.is([{ namespace: 1, payload: 'AA==' }])).toBe(true);
  });

  it.each([
    [{ namespace: -1, payload: '' }, ['/namespace']],
    [{ namespace: 1.5, payload: '' }, ['/namespace']],
    [{ namespace: '1', payload: '' }, ['/namespace']],
    [{ namespace: 2 ** 32, payload: '' }, ['/namespace']],
    [{ namespace: 1, payload: 'not base64!' }, ['/payload']],
    [{ namespace: 1, payload: 5 }, ['/payload']],
    [{ namespace: 1 }, ['/payload']],
    [[1, 2], ['']],
    [null, ['']],
  ])('refuses the transaction %j at %j', (body, paths) => {
    expect(issuePaths(submit, body)).toEqual(paths);
    expect(() => submit.decode(body, 'submit body')).toThrow(paths[0] || '(root)');
  });

  it('refuses an empty batch, a batch too long, and names the bad element', () => {
    expect(issuePaths(batch, [])).toEqual(['']);
    expect(
      issuePaths(
        batch,
        Array.from({ length: 513 }, () => ({ namespace: 1, payload: '' })),
      ),
    ).toEqual(['']);
    expect(
      issuePaths(batch, [
        { namespace: 1, payload: '' },
        { namespace: 1, payload: '%' },
      ]),
    ).toEqual(['/1/payload']);
  });
});

describe('the response schemas', () => {
  const decodeHeader = jsonSchema(HeaderSchema);
  const proof = jsonSchema(NamespaceProofSchema);

  it('accept a header and refuse one with a number chainId or a short commitment, naming the field', () => {
    expect(decodeHeader.is(header)).toBe(true);
    expect(issuePaths(decodeHeader, { ...header, chainId: 35353 })).toEqual(['/chainId']);
    expect(issuePaths(decodeHeader, { ...header, parentCommitment: '0xab' })).toEqual(['/parentCommitment']);
    expect(issuePaths(decodeHeader, { ...header, height: undefined })).toEqual(['/height']);
  });

  it('accept an unavailable namespace with null proof fields, and name a nested bad field', () => {
    const unavailable = {
      height: 3,
      namespace: 1,
      headerCommitment: hash,
      header,
      available: false,
      namespaceTable: null,
      index: null,
      namespacePayload: null,
      transactions: null,
    };
    expect(proof.is(unavailable)).toBe(true);
    // A nullable field is a union: its issue names the field, not the element inside it.
    const badRow = { ...unavailable, namespaceTable: [{ namespace: 1, txCount: 1, payloadHash: 'x' }] };
    expect(issuePaths(proof, badRow)).toEqual(['/namespaceTable']);
    const payload = { height: 3, blockHash: hash, hash, size: 0, namespaceTable: badRow.namespaceTable };
    expect(issuePaths(jsonSchema(PayloadSchema), { ...payload, namespacePayloads: [] })).toEqual([
      '/namespaceTable/0/payloadHash',
    ]);
    expect(issuePaths(proof, { ...unavailable, header: { ...header, l1Head: -1 } })).toEqual(['/header/l1Head']);
  });

  it('size the key fields of the config: a 47-byte public key is refused', () => {
    const config = jsonSchema(HotShotConfigSchema);
    const entry = {
      index: 0,
      publicKey: `0x${'11'.repeat(48)}`,
      publicKeyEip2537: `0x${'22'.repeat(128)}`,
      stake: '1',
    };
    const body = {
      config: {
        chainId: '1',
        viewTimeoutMs: 1000,
        timeoutRatio: 1.5,
        daCommitteeSize: 0,
        maxTxBytes: 1,
        maxBlockBytes: 1,
        maxBlockTxs: 1,
        startDelayMs: 0,
      },
      stakeTable: [entry],
      totalStake: '1',
      quorumThreshold: '1',
      oneHonestThreshold: '1',
    };
    expect(config.is(body)).toBe(true);
    expect(issuePaths(config, { ...body, stakeTable: [{ ...entry, publicKey: `0x${'11'.repeat(47)}` }] })).toEqual([
      '/stakeTable/0/publicKey',
    ]);
  });
});

describe('openApiSchema', () => {
  it('turns nullable unions and literals into OpenAPI 3.0 forms, keeping descriptions', () => {
    const converted = openApiSchema(NamespaceProofSchema) as { properties: Record<string, Record<string, unknown>> };
    expect(converted.properties.index).toMatchObject({ type: 'integer', nullable: true });
    expect(converted.properties.index!.description).toContain('null if absent');
    expect(converted.properties.namespaceTable).toMatchObject({ type: 'array', nullable: true });
    expect(JSON.stringify(converted)).not.toContain('"null"');
    expect(openApiSchema(NamespaceProofSchema)).toBe(converted);
  });
});

describe('the leaf schema', () => {
  const leaf = jsonSchema(LeafSchema);
  const genesis = genesisLeaf(35353n);
  const genesisCommitment = leafCommitment(genesis);
  const asJson = (view: Leaf) =>
    leafJson({ leaf: view, leafCommitment: leafCommitment(view), headerCommitment: hash as Bytes32 });

  it('accepts the genesis leaf and the leaf at height 1, justified by the implicit genesis certificate (no signature)', () => {
    const first: Leaf = {
      view: 1,
      header: { ...genesis.header, height: 1 },
      parentLeafCommitment: genesisCommitment,
      justifyQc: genesisQc(genesisCommitment),
    };
    expect(issuePaths(leaf, asJson(genesis))).toEqual([]);
    expect(issuePaths(leaf, asJson(first))).toEqual([]);
  });

  it('refuses a signature that is neither 96 bytes nor empty', () => {
    const json = asJson(genesis);
    const bad = { ...json, justifyQc: { ...json.justifyQc, certificate: { signers: '0x01', signature: '0xabcd' } } };
    expect(issuePaths(leaf, bad)).toEqual(['/justifyQc/certificate/signature']);
  });
});

import { genesisHeader, headerCommitment } from '@hotshot/protocol';
import { buildBlocks } from '@hotshot/l1/testing';
import { HOTSHOT_MAX_HEADERS, HeaderChainMismatchError, assertContinues, postingTarget } from './poster-plan';

describe('postingTarget', () => {
  it('is undefined when L1 already holds the latest certified height', () => {
    expect(postingTarget(10, 10, 50)).toBeUndefined();
    expect(postingTarget(12, 10, 50)).toBeUndefined();
  });

  it('ends at the latest certified height when it is within one call', () => {
    expect(postingTarget(10, 25, 50)).toBe(25);
  });

  it('stops at maxHeaders past L1, and never past what HotShot.sol stores in one call', () => {
    expect(postingTarget(10, 500, 50)).toBe(60);
    expect(postingTarget(0, 5000, 10_000)).toBe(HOTSHOT_MAX_HEADERS);
    expect(postingTarget(0, 5, 0)).toBe(1);
  });
});

describe('assertContinues', () => {
  const chainId = 35353n;
  const genesis = genesisHeader(chainId);
  const { headers } = buildBlocks(chainId, { height: 0, commitment: headerCommitment(genesis) }, [[], [], []]);

  it('accepts headers that continue the stored commitment and link to each other', () => {
    expect(() => assertContinues(headerCommitment(genesis), headers)).not.toThrow();
    expect(() => assertContinues(headerCommitment(headers[0]!), headers.slice(1))).not.toThrow();
  });

  it('names the first height whose parent is not the header before it', () => {
    expect(() => assertContinues(headerCommitment(headers[0]!), headers)).toThrow(HeaderChainMismatchError);
    const broken = [headers[0]!, headers[2]!];
    try {
      assertContinues(headerCommitment(genesis), broken);
      throw new Error('expected a mismatch');
    } catch (error) {
      expect(error).toBeInstanceOf(HeaderChainMismatchError);
      expect((error as HeaderChainMismatchError).details).toMatchObject({ height: 3 });
    }
  });
});

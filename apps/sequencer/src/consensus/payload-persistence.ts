import type { PersistedConsensusState, StoredLeaf } from '@hotshot/consensus';
import { decodeBlockPayload, encodeBlockPayload, type BlockBounds, type Bytes32 } from '@hotshot/protocol';
import type { PersistedPayload, SafetyStore, SafetyWrite } from '@hotshot/storage';

/**
 * Keeps block payloads out of the persisted safety state (DESIGN.md 4 step 7): the state names each payload by its
 * commitment and stays a few KB, while each payload the node holds goes once, in the compact binary form, into
 * the store's payload table, in the same transaction as the first state that names it. A restart re-attaches
 * them, so a network whose nodes all restart at once still holds every certified block's data.
 */
export class PayloadPersistence {
  /** Payload commitments already in the store, with the newest view stored for each. */
  private readonly stored = new Map<Bytes32, number>();

  constructor(private readonly bounds: BlockBounds) {}

  /** The write for a Persist effect: the state without payloads, and the payloads the store does not hold yet. */
  prepare(
    state: PersistedConsensusState,
    actions: SafetyWrite<PersistedConsensusState>['actions'],
  ): SafetyWrite<PersistedConsensusState> {
    const payloads: PersistedPayload[] = [];
    for (const stored of [state.lastDecided, ...state.undecided]) {
      if (!stored.payload) continue;
      const commitment = stored.leaf.header.payloadCommitment;
      const view = stored.leaf.view;
      const known = this.stored.get(commitment);
      if (known !== undefined && known >= view) continue;
      payloads.push({ commitment, view, bytes: encodeBlockPayload(stored.payload) });
      this.stored.set(commitment, view);
    }
    const dropBelow = state.lastDecided.leaf.view;
    for (const [commitment, view] of this.stored) if (view < dropBelow) this.stored.delete(commitment);
    return {
      payloads,
      actions,
      state: {
        ...state,
        lastDecided: withoutPayload(state.lastDecided),
        undecided: state.undecided.map(withoutPayload),
      },
      lastActionedView: state.lastActionedView,
      dropPayloadsBelowView: dropBelow,
    };
  }

  /** The saved state with every payload the store holds attached again (a state saved with payloads passes). */
  async restore(
    state: PersistedConsensusState,
    safety: SafetyStore<PersistedConsensusState>,
  ): Promise<PersistedConsensusState> {
    const leaves = [state.lastDecided, ...state.undecided];
    const missing = leaves.filter((stored) => !stored.payload).map((stored) => stored.leaf.header.payloadCommitment);
    const found = await safety.loadPayloads([...new Set(missing)]);
    const attach = (stored: StoredLeaf): StoredLeaf => {
      if (stored.payload) return stored;
      const bytes = found.get(stored.leaf.header.payloadCommitment);
      if (!bytes) return stored;
      this.stored.set(stored.leaf.header.payloadCommitment, stored.leaf.view);
      return { ...stored, payload: decodeBlockPayload(bytes, this.bounds) };
    };
    return { ...state, lastDecided: attach(state.lastDecided), undecided: state.undecided.map(attach) };
  }
}

function withoutPayload(stored: StoredLeaf): StoredLeaf {
  return stored.payload ? { leaf: stored.leaf } : stored;
}

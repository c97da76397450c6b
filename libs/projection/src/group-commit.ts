import type { EventApplier, SourcedMessage } from './applier.js';

interface Waiting {
  messages: readonly SourcedMessage[];
  settle: (failure?: { error: unknown }) => void;
}

/**
 * Chunks handed over while another is being applied (the consumer works on several partitions'
 * batches at once) are applied together in the next unit of work: one set of round trips for all
 * of them, and a document several of them touch (a busy location's contents) read and written once.
 * One unit of work at a time, so this instance never races itself.
 */
export class GroupCommit {
  private waiting: Waiting[] = [];
  private draining = false;

  constructor(private readonly applier: EventApplier) {}

  /** Resolves once `messages` are written (with whatever else joined them); rejects if that failed. */
  apply(messages: readonly SourcedMessage[], heartbeat: () => Promise<void>): Promise<void> {
    this.heartbeat = heartbeat;
    return new Promise((resolve, reject) => {
      this.waiting.push({ messages, settle: (failure) => (failure ? reject(failure.error) : resolve()) });
      if (!this.draining) {
        this.draining = true;
        // After the current turn, so batches handed over together start together.
        setImmediate(() => void this.drain());
      }
    });
  }

  private heartbeat: () => Promise<void> = async () => undefined;
  private beating: Promise<void> | undefined;

  /**
   * Called after every message: keeps the member in the group through a long unit of work, but
   * one request at a time and never awaited, so thousands of keys applying side by side do not
   * each wait on the network (kafkajs sends at most one per heartbeatInterval anyway).
   */
  private readonly beat = async (): Promise<void> => {
    this.beating ??= this.heartbeat().catch(() => undefined).finally(() => {
      this.beating = undefined;
    });
  };

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      const group = this.waiting;
      this.waiting = [];
      try {
        await this.applier.applyChunk(group.flatMap((waiting) => waiting.messages), this.beat);
        for (const waiting of group) waiting.settle();
      } catch (error) {
        for (const waiting of group) waiting.settle({ error });
      }
    }
    this.draining = false;
  }
}

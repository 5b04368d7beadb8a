package dev.ledger.core;

/**
 * Warms the caches for the events of a create_transfers batch before they are applied, as TigerBeetle
 * prefetches, so that the processor overlaps the memory misses of many events instead of waiting for each in
 * turn. Java has no prefetch instruction, and a plain load holds up retirement until its line arrives, so the
 * loads are issued in tight loops that carry many misses at once (group prefetching): before each chunk of
 * {@link #CHUNK} events, one pass hashes the chunk's transfer ids, pending ids and debit and credit accounts to
 * their home slots (arithmetic only), a second reads those slots (loads only, so that the reorder window holds
 * dozens of misses rather than the few that fit between hashes), a third the account records the account slots
 * pointed at, and a fourth the next-links of those accounts' list tails, which appending a transfer writes. A
 * chunk's lines (and pages) stay in the near caches (and the TLB) until its events are applied. A chunk that
 * names few accounts ({@link #FEW_ACCOUNTS}) skips the account passes.
 * <p>
 * The ids' hashes are kept: applying an event probes the indexes with them ({@link #transferHash}), instead of
 * hashing each id a second time. The batch's events do not change while it is applied (its results may not
 * overlap them), so they are the hashes of the ids the event holds; asserted in {@link IdIndex#find}.
 * <p>
 * Its loads are never used for a decision (a home slot may belong to another id): they change nothing the
 * state machine computes, only how long it waits for memory.
 */
final class BatchPrefetcher
{
    static final int CHUNK = 128;
    /**
     * A chunk whose account ids set at most this many bits of a 64-bit sketch names few accounts (hot ones):
     * each of their records is missed at most once and then hit for the rest of the chunk, so the account passes
     * are skipped. They cost {@code hot} (10 accounts) 5-7%; 256 references to many accounts set nearly all 64.
     */
    static final int FEW_ACCOUNTS = 16;

    private final AccountStore accounts;
    private final TransferStore transfers;
    /** Per event of the chunk: the home slots of its transfer id, debit account and credit account. */
    private final int[] transferHomes = new int[CHUNK];
    private final int[] debitHomes = new int[CHUNK];
    private final int[] creditHomes = new int[CHUNK];
    /** And the hashes of those ids, which applying the event uses again. */
    private final long[] transferHashes = new long[CHUNK];
    private final long[] debitHashes = new long[CHUNK];
    private final long[] creditHashes = new long[CHUNK];
    /** The home slots of the chunk's pending ids (posts and voids). */
    private final int[] pendingHomes = new int[CHUNK];
    /** Debit and credit account references found by the slot pass, per event of the chunk. */
    private final int[] accountReferences = new int[2 * CHUNK];
    /** The tails of the debit and credit lists of those accounts, per event of the chunk. */
    private final int[] listTails = new int[2 * CHUNK];
    /** Consumes what was read so that the compiler cannot drop the loads. */
    private long sink;

    BatchPrefetcher(final AccountStore accounts, final TransferStore transfers)
    {
        this.accounts = accounts;
        this.transfers = transfers;
    }

    long sink()
    {
        return sink;
    }

    /** The {@link IdIndex#hash} of the transfer id of event {@code index}, of the chunk last warmed. */
    long transferHash(final int index)
    {
        return transferHashes[index & (CHUNK - 1)];
    }

    long debitHash(final int index)
    {
        return debitHashes[index & (CHUNK - 1)];
    }

    long creditHash(final int index)
    {
        return creditHashes[index & (CHUNK - 1)];
    }

    /** As event {@code index} of a create_transfers batch is about to be applied: at a chunk's start, warms it. */
    void advance(final BatchBytes events, final int offset, final int index, final int count)
    {
        if ((index & (CHUNK - 1)) == 0)
        {
            warmChunk(events, offset, index, count);
        }
    }

    private void warmChunk(final BatchBytes events, final int offset, final int first, final int count)
    {
        final int n = Math.min(CHUNK, count - first);
        final long[] transferHashes = this.transferHashes;
        final long[] debitHashes = this.debitHashes;
        final long[] creditHashes = this.creditHashes;
        int pendings = 0;
        long accountsSeen = 0;
        // Pass 1, arithmetic only: the ids' hashes, which also place the home slots the chunk will probe.
        for (int i = 0; i < n; i++)
        {
            final int eventOffset = offset + (first + i) * LedgerLimits.RECORD_LENGTH;
            final long idLo = events.getLong(eventOffset, Wire.ID);
            final long debitLo = events.getLong(eventOffset, Wire.TRANSFER_DEBIT_ACCOUNT_ID);
            final long creditLo = events.getLong(eventOffset, Wire.TRANSFER_CREDIT_ACCOUNT_ID);
            final long transferHash = IdIndex.hash(idLo, events.getLong(eventOffset, Wire.ID + 8));
            final long debitHash = IdIndex.hash(debitLo, events.getLong(eventOffset, Wire.TRANSFER_DEBIT_ACCOUNT_ID + 8));
            final long creditHash = IdIndex.hash(creditLo, events.getLong(eventOffset, Wire.TRANSFER_CREDIT_ACCOUNT_ID + 8));
            transferHashes[i] = transferHash;
            debitHashes[i] = debitHash;
            creditHashes[i] = creditHash;
            transferHomes[i] = transfers.homeIndex(transferHash, idLo);
            debitHomes[i] = accounts.homeIndex(debitHash, debitLo);
            creditHomes[i] = accounts.homeIndex(creditHash, creditLo);
            accountsSeen |= (1L << (debitHash >>> 58 ^ debitLo)) | (1L << (creditHash >>> 58 ^ creditLo));
            final long pendingLo = events.getLong(eventOffset, Wire.TRANSFER_PENDING_ID);
            final long pendingHi = events.getLong(eventOffset, Wire.TRANSFER_PENDING_ID + 8);
            if (pendingLo != 0 || pendingHi != 0)
            {
                pendingHomes[pendings++] = transfers.homeIndex(IdIndex.hash(pendingLo, pendingHi), pendingLo);
            }
        }
        // Pass 2, loads only: a few instructions per miss, so the processor keeps many in flight. The transfer
        // slots get a loop of their own: sequential ids put 8 to a line, so their misses are 8 iterations apart,
        // and only a loop this short holds a whole chunk's in the reorder window at once (hot +8%). It comes
        // after the account slots, whose records pass 3 waits for (uniform +2-5% in 3 alternating one-fork pairs,
        // within noise in the full suite).
        final int[] references = accountReferences;
        final boolean warmAccounts = Long.bitCount(accountsSeen) > FEW_ACCOUNTS;
        long sum = 0;
        if (warmAccounts)
        {
            for (int i = 0; i < n; i++)
            {
                references[2 * i] = accounts.slotReference(debitHomes[i]);
                references[2 * i + 1] = accounts.slotReference(creditHomes[i]);
            }
        }
        for (int i = 0; i < n; i++)
        {
            sum += transfers.slotReference(transferHomes[i]);
        }
        for (int i = 0; i < pendings; i++)
        {
            sum += transfers.slotReference(pendingHomes[i]);
        }
        sink += sum + (warmAccounts ? warmAccountRecords(n) : 0);
    }

    private long warmAccountRecords(final int n)
    {
        final int[] references = accountReferences;
        long sum = 0;
        // Pass 3: the account records those slots point at, keeping the tails of the lists the chunk appends to.
        final int[] tails = listTails;
        final long[] a = accounts.records;
        final int accountCount = accounts.count();
        for (int i = 0; i < 2 * n; i++)
        {
            final int account = references[i];
            if (account < 0 || account >= accountCount)
            {
                tails[i] = -1;
                continue;
            }
            // Longs at most 56 bytes apart over the whole 144-byte record: every line it spans, however aligned.
            final int base = AccountStore.base(account);
            sum += a[base + AccountStore.ID_LO] + a[base + AccountStore.CREDITS_PENDING + 1] + a[base + AccountStore.CODE_FLAGS];
            tails[i] = AccountHistory.high(a[base + ((i & 1) == 0 ? AccountStore.DEBIT_LIST : AccountStore.CREDIT_LIST)]);
        }
        // Pass 4: the next-links of those tails, which appending a transfer writes.
        final int[] nextDebit = transfers.nextDebit;
        final int[] nextCredit = transfers.nextCredit;
        for (int i = 0; i < 2 * n; i += 2)
        {
            sum += next(nextDebit, tails[i]) + next(nextCredit, tails[i + 1]);
        }
        return sum;
    }

    private static int next(final int[] links, final int tail)
    {
        return tail >= 0 && tail < links.length ? links[tail] : 0;
    }
}

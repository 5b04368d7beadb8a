package dev.ledger.client;

import dev.ledger.core.BatchStatus;
import dev.ledger.core.CreateAccountResult;
import dev.ledger.core.CreateTransferResult;

/**
 * The answer to a create batch: one result code per event, in order, when the batch was applied; none when it
 * was refused whole because the ledger is full ({@link #batchStatus()}).
 */
public final class CreateResults
{
    private final int batchStatus;
    private final long timestampNs;
    private final int[] codes;

    /**
     * @param batchStatus a {@link BatchStatus} value.
     * @param timestampNs the batch's cluster time.
     * @param codes       one result code per event (empty unless OK).
     */
    public CreateResults(final int batchStatus, final long timestampNs, final int[] codes)
    {
        this.batchStatus = batchStatus;
        this.timestampNs = timestampNs;
        this.codes = codes;
    }

    /** @return {@link BatchStatus#OK}, {@link BatchStatus#ACCOUNTS_FULL} or {@link BatchStatus#TRANSFERS_FULL}. */
    public int batchStatus()
    {
        return batchStatus;
    }

    /** @return the batch's cluster time, nanoseconds since the epoch. */
    public long timestampNs()
    {
        return timestampNs;
    }

    /** @return result codes in the answer (the batch's event count when applied, else 0). */
    public int count()
    {
        return codes.length;
    }

    /**
     * @param index an event's index in the batch.
     * @return its result code.
     */
    public int code(final int index)
    {
        return codes[index];
    }

    /** @return whether the batch was applied and every event answered {@code ok}. */
    public boolean allOk()
    {
        if (batchStatus != BatchStatus.OK)
        {
            return false;
        }
        for (final int code : codes)
        {
            if (code != 0)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @param index an event's index in a create_transfers batch.
     * @return its result.
     */
    public CreateTransferResult transferResult(final int index)
    {
        return CreateTransferResult.of(codes[index]);
    }

    /**
     * @param index an event's index in a create_accounts batch.
     * @return its result.
     */
    public CreateAccountResult accountResult(final int index)
    {
        return CreateAccountResult.of(codes[index]);
    }
}

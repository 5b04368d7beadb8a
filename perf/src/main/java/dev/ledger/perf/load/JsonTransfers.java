package dev.ledger.perf.load;

import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;

import dev.ledger.core.LedgerLimits;
import dev.ledger.core.TransferFlags;
import dev.ledger.core.Wire;

/**
 * Encodes the load's wire records as the JSON body of {@code POST /v1/transfers}, the way a client would send
 * them: 64-bit values as decimal strings, zero fields left out, flags by name. Writes ASCII straight into a
 * reused array, so that encoding stays a small part of the client's time. Only the fields {@link LoadWorkload}
 * sets, with ids and amounts below 2^63.
 */
final class JsonTransfers
{
    private static final byte[] ID = ascii("{\"id\":\"");
    private static final byte[] DEBIT = ascii("\",\"debit_account_id\":\"");
    private static final byte[] CREDIT = ascii("\",\"credit_account_id\":\"");
    private static final byte[] AMOUNT = ascii("\",\"amount\":\"");
    private static final byte[] PENDING_ID = ascii("\",\"pending_id\":\"");
    private static final byte[] LEDGER = ascii("\",\"ledger\":");
    private static final byte[] CODE = ascii(",\"code\":");
    private static final byte[] PENDING = ascii(",\"flags\":[\"pending\"]");
    private static final byte[] POST = ascii(",\"flags\":[\"post_pending_transfer\"]");
    private static final byte[] VOID = ascii(",\"flags\":[\"void_pending_transfer\"]");
    /** The longest event this writes, with room to spare. */
    private static final int EVENT_MAX = 320;

    private final byte[] digits = new byte[20];
    private byte[] body = new byte[64 * 1024];
    private int length;

    /**
     * Encodes {@code count} records as one JSON array.
     *
     * @param records wire records from offset 0.
     * @param count   how many.
     * @return the body's length; the bytes are {@link #body()}{@code [0, length)}.
     */
    int encode(final DirectBuffer records, final int count)
    {
        if (body.length < 2 + count * EVENT_MAX)
        {
            body = new byte[2 + count * EVENT_MAX];
        }
        length = 0;
        body[length++] = '[';
        for (int i = 0; i < count; i++)
        {
            final int offset = i * LedgerLimits.RECORD_LENGTH;
            if (i > 0)
            {
                body[length++] = ',';
            }
            put(ID);
            putLong(records.getLong(offset + Wire.ID, Wire.ORDER));
            final long debit = records.getLong(offset + Wire.TRANSFER_DEBIT_ACCOUNT_ID, Wire.ORDER);
            if (debit != 0)
            {
                put(DEBIT);
                putLong(debit);
                put(CREDIT);
                putLong(records.getLong(offset + Wire.TRANSFER_CREDIT_ACCOUNT_ID, Wire.ORDER));
            }
            final long amount = records.getLong(offset + Wire.TRANSFER_AMOUNT, Wire.ORDER);
            if (amount != 0)
            {
                put(AMOUNT);
                putLong(amount);
            }
            final long pendingId = records.getLong(offset + Wire.TRANSFER_PENDING_ID, Wire.ORDER);
            if (pendingId != 0)
            {
                put(PENDING_ID);
                putLong(pendingId);
            }
            put(LEDGER);
            putLong(records.getInt(offset + Wire.LEDGER, Wire.ORDER));
            put(CODE);
            putLong(records.getShort(offset + Wire.CODE, Wire.ORDER));
            final int flags = records.getShort(offset + Wire.FLAGS, Wire.ORDER);
            if (flags != 0)
            {
                put(flags == TransferFlags.PENDING ? PENDING : flags == TransferFlags.POST_PENDING_TRANSFER ? POST : VOID);
            }
            body[length++] = '}';
        }
        body[length++] = ']';
        return length;
    }

    /** @return the array holding the last body. */
    byte[] body()
    {
        return body;
    }

    private void put(final byte[] bytes)
    {
        System.arraycopy(bytes, 0, body, length, bytes.length);
        length += bytes.length;
    }

    private void putLong(final long value)
    {
        int at = digits.length;
        long rest = value;
        do
        {
            digits[--at] = (byte)('0' + rest % 10);
            rest /= 10;
        }
        while (rest != 0);
        System.arraycopy(digits, at, body, length, digits.length - at);
        length += digits.length - at;
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}

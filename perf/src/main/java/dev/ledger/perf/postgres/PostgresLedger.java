package dev.ledger.perf.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

import org.agrona.DirectBuffer;

import dev.ledger.core.LedgerLimits;
import dev.ledger.core.Wire;

/**
 * The PostgreSQL baseline's ledger on one connection: its schema and create_transfers function
 * ({@code ledger.sql} beside this class), accounts, and batches of transfers taken from Ledger's own wire records
 * (the low 64 bits of ids and amounts), one function call and one transaction per batch.
 */
public final class PostgresLedger implements AutoCloseable
{
    private final Connection connection;
    private final PreparedStatement createTransfers;
    private final Long[] id = new Long[LedgerLimits.BATCH_EVENTS_MAX];
    private final Long[] debit = new Long[LedgerLimits.BATCH_EVENTS_MAX];
    private final Long[] credit = new Long[LedgerLimits.BATCH_EVENTS_MAX];
    private final Long[] amount = new Long[LedgerLimits.BATCH_EVENTS_MAX];
    private final Long[] pending = new Long[LedgerLimits.BATCH_EVENTS_MAX];
    private final Integer[] ledger = new Integer[LedgerLimits.BATCH_EVENTS_MAX];
    private final Integer[] code = new Integer[LedgerLimits.BATCH_EVENTS_MAX];
    private final Integer[] flags = new Integer[LedgerLimits.BATCH_EVENTS_MAX];

    /**
     * @param connection        an open connection to the baseline's database; closed with this.
     * @param synchronousCommit whether a commit waits for its WAL to reach the disk ({@code synchronous_commit}).
     * @throws SQLException when the session cannot be set up.
     */
    public PostgresLedger(final Connection connection, final boolean synchronousCommit) throws SQLException
    {
        this.connection = connection;
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement())
        {
            statement.execute("SET synchronous_commit = " + (synchronousCommit ? "on" : "off"));
        }
        createTransfers = connection.prepareStatement("SELECT create_transfers(?, ?, ?, ?, ?, ?, ?, ?)");
    }

    /**
     * Creates the schema and the function afresh: every account and transfer is dropped.
     *
     * @param connection a connection to the baseline's database.
     * @throws SQLException when a statement fails.
     * @throws IOException  when the script cannot be read.
     */
    public static void install(final Connection connection) throws SQLException, IOException
    {
        final String script;
        try (InputStream in = PostgresLedger.class.getResourceAsStream("ledger.sql"))
        {
            if (in == null)
            {
                throw new IOException("ledger.sql is missing from the class path");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Statement statement = connection.createStatement())
        {
            statement.execute(script);
        }
    }

    /**
     * Creates accounts {@code first..last} with one ledger, code and flags, then refreshes the planner's
     * statistics and checkpoints, so that a run starts from a settled database.
     *
     * @param connection a connection to the baseline's database, in autocommit mode.
     * @param first      the first id.
     * @param last       the last id.
     * @param ledger     their ledger.
     * @param code       their code.
     * @param flags      their flags (2: debits must not exceed credits, 4: credits must not exceed debits).
     * @throws SQLException when a statement fails.
     */
    public static void createAccounts(
        final Connection connection, final long first, final long last, final int ledger, final int code,
        final int flags) throws SQLException
    {
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO accounts (id, ledger, code, flags) SELECT g, ?, ?, ? FROM generate_series(?::bigint, ?) g"))
        {
            insert.setInt(1, ledger);
            insert.setInt(2, code);
            insert.setInt(3, flags);
            insert.setLong(4, first);
            insert.setLong(5, last);
            insert.executeUpdate();
        }
        try (Statement statement = connection.createStatement())
        {
            statement.execute("VACUUM ANALYZE");
            statement.execute("CHECKPOINT");
        }
    }

    /**
     * Drops the baseline's tables and checkpoints, so that nothing of a finished run (autovacuum of millions of
     * new rows, dirty pages) works on the machine while the next run, of either system, is measured.
     *
     * @param connection a connection to the baseline's database, in autocommit mode.
     * @throws SQLException when a statement fails.
     */
    public static void drop(final Connection connection) throws SQLException
    {
        try (Statement statement = connection.createStatement())
        {
            statement.execute("DROP TABLE IF EXISTS transfers, accounts");
            statement.execute("CHECKPOINT");
        }
    }

    /**
     * Applies a batch of transfers in Ledger's wire format, in one transaction.
     *
     * @param events  {@code count} records of {@link LedgerLimits#RECORD_LENGTH} bytes from offset 0.
     * @param count   events, 1..8189.
     * @param results where the result codes go (Ledger's CreateTransferResult numbers), one per event.
     * @throws SQLException when the call fails (nothing of the batch is applied then).
     */
    public void createTransfers(final DirectBuffer events, final int count, final int[] results) throws SQLException
    {
        for (int i = 0; i < count; i++)
        {
            final int offset = i * LedgerLimits.RECORD_LENGTH;
            id[i] = events.getLong(offset + Wire.ID, Wire.ORDER);
            debit[i] = events.getLong(offset + Wire.TRANSFER_DEBIT_ACCOUNT_ID, Wire.ORDER);
            credit[i] = events.getLong(offset + Wire.TRANSFER_CREDIT_ACCOUNT_ID, Wire.ORDER);
            amount[i] = events.getLong(offset + Wire.TRANSFER_AMOUNT, Wire.ORDER);
            pending[i] = events.getLong(offset + Wire.TRANSFER_PENDING_ID, Wire.ORDER);
            ledger[i] = events.getInt(offset + Wire.LEDGER, Wire.ORDER);
            code[i] = events.getShort(offset + Wire.CODE, Wire.ORDER) & 0xFFFF;
            flags[i] = events.getShort(offset + Wire.FLAGS, Wire.ORDER) & 0xFFFF;
        }
        createTransfers.setArray(1, array("bigint", id, count));
        createTransfers.setArray(2, array("bigint", debit, count));
        createTransfers.setArray(3, array("bigint", credit, count));
        createTransfers.setArray(4, array("bigint", amount, count));
        createTransfers.setArray(5, array("bigint", pending, count));
        createTransfers.setArray(6, array("integer", ledger, count));
        createTransfers.setArray(7, array("integer", code, count));
        createTransfers.setArray(8, array("integer", flags, count));
        try (ResultSet row = createTransfers.executeQuery())
        {
            row.next();
            final Integer[] codes = (Integer[])row.getArray(1).getArray();
            if (codes.length != count)
            {
                throw new SQLException("create_transfers answered " + codes.length + " results for " + count);
            }
            for (int i = 0; i < count; i++)
            {
                results[i] = codes[i];
            }
        }
    }

    private Array array(final String type, final Object[] values, final int count) throws SQLException
    {
        return connection.createArrayOf(type, count == values.length ? values : Arrays.copyOf(values, count));
    }

    @Override
    public void close() throws SQLException
    {
        connection.close();
    }
}

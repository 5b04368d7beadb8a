package dev.ledger.perf.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ledger.core.AccountFlags;
import dev.ledger.core.BatchStatus;
import dev.ledger.core.CreateTransferResult;
import dev.ledger.core.Ledger;
import dev.ledger.core.LedgerConfig;
import dev.ledger.core.LedgerLimits;
import dev.ledger.core.TransferFlags;
import dev.ledger.core.Wire;

/**
 * The PostgreSQL baseline does the same work as Ledger: the same seeded batches of transfers (every kind the
 * benchmark sends, and the faults the baseline claims to handle: limits, unknown accounts, retries, posts and
 * voids in every state, in-batch repeats) go to a real PostgreSQL server and to ledger-core, and every result
 * code, balance and the transfer count must agree. Needs PostgreSQL's server binaries (.ci/run installs them);
 * skipped, saying so, where they are missing.
 */
final class PostgresLedgerTest
{
    private static final int ACCOUNTS = 40;
    private static final int BATCHES = 60;
    private static final int EVENTS = 250;
    private static LocalPostgres server;

    @BeforeAll
    static void startServer() throws IOException
    {
        Assumptions.assumeTrue(LocalPostgres.binaries().isPresent(),
            "PostgreSQL is not installed here (apt-get install postgresql): the baseline is not checked");
        // Under the temporary directory: PostgreSQL runs as the postgres user, who may not reach the build's.
        server = LocalPostgres.start(Files.createTempDirectory("ledger-postgres-test"), freePort());
    }

    @AfterAll
    static void stopServer() throws IOException
    {
        if (server != null)
        {
            server.destroy();
        }
    }

    @Test
    void sameResultsAndBalancesAsLedger() throws Exception
    {
        for (final long seed : new long[] {1, 2, 3})
        {
            try (Connection connection = DriverManager.getConnection(server.jdbcUrl()))
            {
                PostgresLedger.install(connection);
                compare(seed, connection);
            }
        }
    }

    private static void compare(final long seed, final Connection setup) throws SQLException
    {
        final Ledger ledger = new Ledger(new LedgerConfig(1024, 1 << 15, LedgerConfig.HISTORY_MIN));
        createAccounts(ledger, setup);
        final Generator generator = new Generator(new SplittableRandom(seed));
        final UnsafeBuffer events = new UnsafeBuffer(new byte[EVENTS * LedgerLimits.RECORD_LENGTH]);
        final UnsafeBuffer ledgerResults = new UnsafeBuffer(new byte[EVENTS * LedgerLimits.RESULT_LENGTH]);
        final int[] expected = new int[EVENTS];
        final int[] actual = new int[EVENTS];
        final int[] seen = new int[CreateTransferResult.values().length];
        try (PostgresLedger postgres = new PostgresLedger(DriverManager.getConnection(server.jdbcUrl()), false))
        {
            for (int batch = 0; batch < BATCHES; batch++)
            {
                generator.batch(events, EVENTS);
                assertThat(ledger.createTransfers(1_000_000_000L * (batch + 1), events, 0, EVENTS, ledgerResults, 0))
                    .isEqualTo(BatchStatus.OK);
                postgres.createTransfers(events, EVENTS, actual);
                final List<String> differences = new ArrayList<>();
                for (int i = 0; i < EVENTS; i++)
                {
                    expected[i] = ledgerResults.getInt(i * LedgerLimits.RESULT_LENGTH, Wire.ORDER);
                    seen[expected[i]]++;
                    if (actual[i] != expected[i])
                    {
                        differences.add("event " + i + " " + Generator.describe(events, i) + ": Ledger " +
                            CreateTransferResult.of(expected[i]).wireName() + ", PostgreSQL " +
                            CreateTransferResult.of(actual[i]).wireName());
                    }
                }
                assertThat(differences).as("seed %d batch %d", seed, batch).isEmpty();
                generator.learn(events, expected, EVENTS);
            }
        }
        assertThat(balances(setup)).as("seed %d balances", seed).isEqualTo(balances(ledger));
        try (ResultSet count = setup.createStatement().executeQuery("SELECT count(*) FROM transfers"))
        {
            count.next();
            assertThat(count.getLong(1)).isEqualTo(ledger.transferCount());
        }
        // The comparison covered the codes the baseline claims to handle.
        for (final CreateTransferResult code : List.of(CreateTransferResult.OK, CreateTransferResult.EXISTS,
            CreateTransferResult.EXISTS_WITH_DIFFERENT_AMOUNT, CreateTransferResult.EXISTS_WITH_DIFFERENT_FLAGS,
            CreateTransferResult.ID_MUST_NOT_BE_ZERO, CreateTransferResult.FLAGS_ARE_MUTUALLY_EXCLUSIVE,
            CreateTransferResult.ACCOUNTS_MUST_BE_DIFFERENT, CreateTransferResult.PENDING_ID_MUST_BE_ZERO,
            CreateTransferResult.LEDGER_MUST_NOT_BE_ZERO, CreateTransferResult.DEBIT_ACCOUNT_NOT_FOUND,
            CreateTransferResult.CREDIT_ACCOUNT_NOT_FOUND, CreateTransferResult.ACCOUNTS_MUST_HAVE_THE_SAME_LEDGER,
            CreateTransferResult.TRANSFER_MUST_HAVE_THE_SAME_LEDGER_AS_ACCOUNTS,
            CreateTransferResult.PENDING_TRANSFER_NOT_FOUND, CreateTransferResult.PENDING_TRANSFER_NOT_PENDING,
            CreateTransferResult.EXCEEDS_PENDING_TRANSFER_AMOUNT, CreateTransferResult.PENDING_TRANSFER_HAS_DIFFERENT_AMOUNT,
            CreateTransferResult.PENDING_TRANSFER_ALREADY_POSTED, CreateTransferResult.PENDING_TRANSFER_ALREADY_VOIDED,
            CreateTransferResult.EXCEEDS_CREDITS, CreateTransferResult.EXCEEDS_DEBITS))
        {
            assertThat(seen[code.code()]).as("seed %d: events answered %s", seed, code.wireName()).isPositive();
        }
    }

    /** Accounts 1..40: ids 1..12 no flags, 13..24 debits must not exceed credits, 25..36 the reverse, ledger 1;
     * 37..40 ledger 2. */
    private static void createAccounts(final Ledger ledger, final Connection setup) throws SQLException
    {
        final UnsafeBuffer events = new UnsafeBuffer(new byte[ACCOUNTS * LedgerLimits.RECORD_LENGTH]);
        for (int id = 1; id <= ACCOUNTS; id++)
        {
            final int offset = (id - 1) * LedgerLimits.RECORD_LENGTH;
            events.putLong(offset + Wire.ID, id, Wire.ORDER);
            events.putInt(offset + Wire.LEDGER, ledgerOf(id), Wire.ORDER);
            events.putShort(offset + Wire.CODE, (short)1, Wire.ORDER);
            events.putShort(offset + Wire.FLAGS, (short)flagsOf(id), Wire.ORDER);
        }
        final UnsafeBuffer results = new UnsafeBuffer(new byte[ACCOUNTS * LedgerLimits.RESULT_LENGTH]);
        assertThat(ledger.createAccounts(1, events, 0, ACCOUNTS, results, 0)).isEqualTo(BatchStatus.OK);
        for (int i = 0; i < ACCOUNTS; i++)
        {
            assertThat(results.getInt(i * LedgerLimits.RESULT_LENGTH, Wire.ORDER)).isZero();
        }
        for (final long[] group : new long[][] {{1, 12}, {13, 24}, {25, 36}, {37, 40}})
        {
            PostgresLedger.createAccounts(setup, group[0], group[1], ledgerOf(group[0]), 1, flagsOf(group[0]));
        }
    }

    private static int ledgerOf(final long id)
    {
        return id > 36 ? 2 : 1;
    }

    private static int flagsOf(final long id)
    {
        return id > 36 ? 0 : id > 24 ? AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS :
            id > 12 ? AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS : 0;
    }

    private static List<String> balances(final Ledger ledger)
    {
        final UnsafeBuffer ids = new UnsafeBuffer(new byte[ACCOUNTS * LedgerLimits.ID_LENGTH]);
        for (int id = 1; id <= ACCOUNTS; id++)
        {
            ids.putLong((id - 1) * LedgerLimits.ID_LENGTH, id, Wire.ORDER);
        }
        final UnsafeBuffer accounts = new UnsafeBuffer(new byte[ACCOUNTS * LedgerLimits.RECORD_LENGTH]);
        assertThat(ledger.lookupAccounts(ids, 0, ACCOUNTS, accounts, 0)).isEqualTo(ACCOUNTS);
        final List<String> balances = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++)
        {
            final int offset = i * LedgerLimits.RECORD_LENGTH;
            balances.add(accounts.getLong(offset + Wire.ID, Wire.ORDER) + ": " +
                accounts.getLong(offset + Wire.ACCOUNT_DEBITS_PENDING, Wire.ORDER) + " " +
                accounts.getLong(offset + Wire.ACCOUNT_DEBITS_POSTED, Wire.ORDER) + " " +
                accounts.getLong(offset + Wire.ACCOUNT_CREDITS_PENDING, Wire.ORDER) + " " +
                accounts.getLong(offset + Wire.ACCOUNT_CREDITS_POSTED, Wire.ORDER));
        }
        return balances;
    }

    private static List<String> balances(final Connection connection) throws SQLException
    {
        final List<String> balances = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT id, debits_pending, debits_posted, " +
            "credits_pending, credits_posted FROM accounts ORDER BY id"); ResultSet rows = select.executeQuery())
        {
            while (rows.next())
            {
                balances.add(rows.getLong(1) + ": " + rows.getLong(2) + " " + rows.getLong(3) + " " +
                    rows.getLong(4) + " " + rows.getLong(5));
            }
        }
        return balances;
    }

    private static List<String> codes(final int[] codes)
    {
        return Arrays.stream(codes).mapToObj(code -> CreateTransferResult.of(code).wireName()).toList();
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }

    /**
     * Seeded batches. Ids are never reused after a failure (Ledger would answer id_already_failed, which the
     * baseline does not keep), and a post or void names only pending transfers of earlier batches (the baseline
     * reads them before the batch runs).
     */
    private static final class Generator
    {
        private final SplittableRandom random;
        private final List<long[]> applied = new ArrayList<>();
        private final List<long[]> pendings = new ArrayList<>();
        private final List<long[]> single = new ArrayList<>();
        private long nextId = 1;

        Generator(final SplittableRandom random)
        {
            this.random = random;
        }

        /** Writes {@code count} events. */
        void batch(final UnsafeBuffer events, final int count)
        {
            events.setMemory(0, events.capacity(), (byte)0);
            for (int i = 0; i < count; i++)
            {
                final int offset = i * LedgerLimits.RECORD_LENGTH;
                final int draw = random.nextInt(100);
                if (draw < 8 && !applied.isEmpty())
                {
                    // A retry of an applied event: the same, or with a different amount or flags.
                    final long[] old = applied.get(random.nextInt(applied.size()));
                    write(events, offset, old);
                    final int change = random.nextInt(3);
                    if (change == 1 && old[5] == 0)
                    {
                        events.putLong(offset + Wire.TRANSFER_AMOUNT, old[3] + 1, Wire.ORDER);
                    }
                    else if (change == 2 && old[5] == 0)
                    {
                        events.putShort(offset + Wire.FLAGS, (short)TransferFlags.PENDING, Wire.ORDER);
                    }
                }
                else if (draw < 12 && i > 0 && isSafe(events, i - 1))
                {
                    // The batch's previous event again: a safe transfer, so it was applied.
                    events.putBytes(offset, events, offset - LedgerLimits.RECORD_LENGTH, LedgerLimits.RECORD_LENGTH);
                    if (random.nextBoolean())
                    {
                        events.putLong(offset + Wire.TRANSFER_AMOUNT, 7, Wire.ORDER);
                    }
                }
                else if (draw < 30 && !pendings.isEmpty())
                {
                    resolve(events, offset, pendings.get(random.nextInt(pendings.size())));
                }
                else if (draw < 33 && !single.isEmpty())
                {
                    // Post or void a transfer that is not pending.
                    final long[] old = single.get(random.nextInt(single.size()));
                    write(events, offset, new long[] {nextId++, 0, 0, 0, old[0],
                        random.nextBoolean() ? TransferFlags.POST_PENDING_TRANSFER : TransferFlags.VOID_PENDING_TRANSFER,
                        1, 1});
                }
                else if (draw < 35)
                {
                    write(events, offset, new long[] {nextId++, 0, 0, -1, nextId + 1_000_000,
                        TransferFlags.POST_PENDING_TRANSFER, 1, 1});
                }
                else
                {
                    write(events, offset, fresh(draw));
                }
            }
        }

        /** A new transfer, now and then with one fault. */
        private long[] fresh(final int draw)
        {
            final long debit = 1 + random.nextInt(36);
            long credit = 1 + random.nextInt(35);
            credit = credit >= debit ? credit + 1 : credit;
            final long amount = 1 + random.nextInt(random.nextBoolean() ? 10 : 1000);
            final long flags = draw < 55 ? TransferFlags.PENDING : 0;
            final long[] t = {nextId++, debit, credit, amount, 0, flags, 1, 1};
            switch (random.nextInt(40))
            {
                case 0 -> t[0] = 0;
                case 1 -> t[5] = TransferFlags.PENDING | TransferFlags.POST_PENDING_TRANSFER;
                case 2 -> t[2] = debit;
                case 3 -> t[4] = 99;
                case 4 -> t[6] = 0;
                case 5 -> t[1] = 500;
                case 6 -> t[2] = 501;
                case 7 -> t[2] = 37 + random.nextInt(4);
                case 8 -> t[6] = 2;
                default ->
                {
                }
            }
            return t;
        }

        private void resolve(final UnsafeBuffer events, final int offset, final long[] pending)
        {
            final boolean post = random.nextBoolean();
            final long amount = switch (random.nextInt(5))
            {
                case 0 -> post ? -1 : 0;   // all ones: post in full (a void of 2^128-1 is beyond bigint)
                case 1 -> pending[3];
                case 2 -> pending[3] + 1;
                case 3 -> Math.max(0, pending[3] - 1);
                default -> 0;
            };
            write(events, offset, new long[] {nextId++, 0, 0, amount, pending[0],
                post ? TransferFlags.POST_PENDING_TRANSFER : TransferFlags.VOID_PENDING_TRANSFER, 1, 1});
        }

        /** Whether the event at {@code index} surely applies: a new single-phase transfer, no limits, ledger 1. */
        private static boolean isSafe(final UnsafeBuffer events, final int index)
        {
            final int offset = index * LedgerLimits.RECORD_LENGTH;
            final long debit = events.getLong(offset + Wire.TRANSFER_DEBIT_ACCOUNT_ID, Wire.ORDER);
            final long credit = events.getLong(offset + Wire.TRANSFER_CREDIT_ACCOUNT_ID, Wire.ORDER);
            return events.getLong(offset + Wire.ID, Wire.ORDER) >= 1 &&
                events.getShort(offset + Wire.FLAGS, Wire.ORDER) == 0 &&
                events.getLong(offset + Wire.TRANSFER_PENDING_ID, Wire.ORDER) == 0 &&
                events.getInt(offset + Wire.LEDGER, Wire.ORDER) == 1 &&
                debit >= 1 && debit <= 12 && credit >= 1 && credit <= 12 && debit != credit;
        }

        /** Records what applied: retries and pending transfers to resolve in later batches. */
        void learn(final UnsafeBuffer events, final int[] codes, final int count)
        {
            for (int i = 0; i < count; i++)
            {
                if (codes[i] != CreateTransferResult.OK.code())
                {
                    continue;
                }
                final int offset = i * LedgerLimits.RECORD_LENGTH;
                final long[] t = {events.getLong(offset + Wire.ID, Wire.ORDER),
                    events.getLong(offset + Wire.TRANSFER_DEBIT_ACCOUNT_ID, Wire.ORDER),
                    events.getLong(offset + Wire.TRANSFER_CREDIT_ACCOUNT_ID, Wire.ORDER),
                    events.getLong(offset + Wire.TRANSFER_AMOUNT, Wire.ORDER),
                    events.getLong(offset + Wire.TRANSFER_PENDING_ID, Wire.ORDER),
                    events.getShort(offset + Wire.FLAGS, Wire.ORDER),
                    events.getInt(offset + Wire.LEDGER, Wire.ORDER),
                    events.getShort(offset + Wire.CODE, Wire.ORDER)};
                // Retried later: single-phase and pending transfers (a retried post or void is not compared).
                if (t[5] == TransferFlags.PENDING)
                {
                    applied.add(t);
                    pendings.add(t);
                }
                else if (t[5] == 0)
                {
                    applied.add(t);
                    single.add(t);
                }
            }
        }

        static String describe(final UnsafeBuffer events, final int index)
        {
            final int offset = index * LedgerLimits.RECORD_LENGTH;
            return "{id " + events.getLong(offset + Wire.ID, Wire.ORDER) +
                ", debit " + events.getLong(offset + Wire.TRANSFER_DEBIT_ACCOUNT_ID, Wire.ORDER) +
                ", credit " + events.getLong(offset + Wire.TRANSFER_CREDIT_ACCOUNT_ID, Wire.ORDER) +
                ", amount " + events.getLong(offset + Wire.TRANSFER_AMOUNT, Wire.ORDER) +
                ", pending_id " + events.getLong(offset + Wire.TRANSFER_PENDING_ID, Wire.ORDER) +
                ", flags " + events.getShort(offset + Wire.FLAGS, Wire.ORDER) +
                ", ledger " + events.getInt(offset + Wire.LEDGER, Wire.ORDER) + "}";
        }

        private static void write(final UnsafeBuffer events, final int offset, final long[] t)
        {
            events.putLong(offset + Wire.ID, t[0], Wire.ORDER);
            events.putLong(offset + Wire.TRANSFER_DEBIT_ACCOUNT_ID, t[1], Wire.ORDER);
            events.putLong(offset + Wire.TRANSFER_CREDIT_ACCOUNT_ID, t[2], Wire.ORDER);
            events.putLong(offset + Wire.TRANSFER_AMOUNT, t[3], Wire.ORDER);
            if (t[3] == -1)
            {
                events.putLong(offset + Wire.TRANSFER_AMOUNT + 8, -1, Wire.ORDER);
            }
            events.putLong(offset + Wire.TRANSFER_PENDING_ID, t[4], Wire.ORDER);
            events.putShort(offset + Wire.FLAGS, (short)t[5], Wire.ORDER);
            events.putInt(offset + Wire.LEDGER, (int)t[6], Wire.ORDER);
            events.putShort(offset + Wire.CODE, (short)t[7], Wire.ORDER);
        }
    }
}

package dev.ledger.core;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.ledger.core.LedgerEvents.account;
import static dev.ledger.core.LedgerEvents.post;
import static dev.ledger.core.LedgerEvents.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Ledger#writeSnapshot} and {@link Ledger#readSnapshot}: round trips of an empty and of a small ledger
 * with every kind of state, and clear refusals of input that is not a snapshot of this version and
 * configuration. The seeded restore-and-continue property is {@link LedgerSnapshotPropertyTest}.
 */
class LedgerSnapshotTest
{
    private static final long T0 = 1_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final LedgerConfig CONFIG = new LedgerConfig(8, 64, LedgerConfig.HISTORY_MIN);

    private static final int ACCOUNT_COUNT_OFFSET = 20;
    private static final int TRANSFER_COUNT_OFFSET = 24;
    private static final int ORPHAN_COUNT_OFFSET = 28;
    private static final int SNAPSHOT_COUNT_OFFSET = 32;
    private static final int EXPIRY_COUNT_OFFSET = 36;
    private static final int LAST_TIMESTAMP_OFFSET = 40;

    /**
     * Journals record state hashes, and snapshots are files: for ledgers that exist, both must stay what they are.
     * These values were taken from the code of 2026-11-30 (snapshot {@link LedgerSnapshot#VERSION} 5; the state
     * hash is as pinned first). A change that moves them changes what old journals and snapshots are checked
     * against: give the snapshot a new version and keep reading the old one, and never change how the state hash
     * is computed.
     */
    @Test
    void shouldKeepTheStateHashAndTheSnapshotBytesOfAKnownLedger()
    {
        final Ledger ledger = populated().ledger();
        final CRC32C checksum = new CRC32C();
        final byte[] snapshot = SnapshotBytes.of(ledger);
        checksum.update(snapshot);

        assertThat(Long.toHexString(ledger.stateHash())).as("state hash").isEqualTo("d26cbcd464aa19aa");
        assertThat(snapshot.length).as("snapshot length").isEqualTo(2732);
        assertThat(Long.toHexString(checksum.getValue())).as("snapshot CRC32C").isEqualTo("5dc0e897");
    }

    @Test
    void shouldRoundTripAnEmptyLedger()
    {
        final Ledger empty = new Ledger(CONFIG);
        final byte[] snapshot = SnapshotBytes.of(empty);

        final Ledger restored = Ledger.readSnapshot(CONFIG, new SnapshotBytes.Source(snapshot));

        SnapshotBytes.assertIdentical(SnapshotBytes.of(restored), snapshot, "empty, restored");
        assertThat(restored.accountCount()).isZero();
        assertThat(restored.transferCount()).isZero();
        assertThat(restored.lastTimestampNs()).isZero();
        assertThat(restored.nextExpiryTimestampNs()).isEqualTo(Long.MAX_VALUE);
        assertThat(restored.stateHash()).isEqualTo(empty.stateHash());
        final LedgerDriver original = new LedgerDriver(empty);
        final LedgerDriver copy = new LedgerDriver(restored);
        final List<AccountRecord> accounts = List.of(account(1, a -> { }), account(2, a -> { }));
        assertThat(copy.createAccounts(T0, accounts)).isEqualTo(original.createAccounts(T0, accounts));
        assertThat(restored.stateHash()).isEqualTo(empty.stateHash());
    }

    @Test
    void shouldRoundTripEveryKindOfState()
    {
        final LedgerDriver original = populated();
        final byte[] snapshot = SnapshotBytes.of(original.ledger());

        final LedgerDriver restored =
            new LedgerDriver(Ledger.readSnapshot(CONFIG, new SnapshotBytes.Source(snapshot)));

        SnapshotBytes.assertIdentical(SnapshotBytes.of(restored.ledger()), snapshot, "restored");
        assertBehavesAsTheOriginal(restored, original);
    }

    @Test
    void shouldRestoreIntoALedgerAllocatedBeforehandAndOnlyAnEmptyOne()
    {
        final LedgerDriver original = populated();
        final byte[] snapshot = SnapshotBytes.of(original.ledger());
        final Ledger allocated = new Ledger(CONFIG);

        final Ledger restored = Ledger.readSnapshot(allocated, new SnapshotBytes.Source(snapshot));

        assertThat(restored).isSameAs(allocated);
        SnapshotBytes.assertIdentical(SnapshotBytes.of(restored), snapshot, "restored into an allocated ledger");
        assertBehavesAsTheOriginal(new LedgerDriver(restored), original);
        assertThatThrownBy(() -> Ledger.readSnapshot(populated().ledger(), new SnapshotBytes.Source(snapshot)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("a snapshot restores only into a new, empty ledger");
    }

    @ParameterizedTest
    @ValueSource(ints = {
        LedgerSnapshot.VERSION_WHOLE_ID_HASH, LedgerSnapshot.VERSION_BLOCKS_OF_8, LedgerSnapshot.VERSION_ACCOUNT_LAYOUT_3,
        LedgerSnapshot.VERSION_LINEAR_PROBING })
    void shouldReadAnOlderSnapshot(final int version)
    {
        final LedgerDriver original = populated();
        final Ledger ledger = original.ledger();
        final byte[] snapshot = SnapshotBytes.of(ledger);
        final byte[] older = snapshot.clone();
        putInt(older, 4, version);
        final int recordBytes = AccountStore.RECORD_LONGS * Long.BYTES;
        assertThat(ledger.accountCount()).isPositive();
        if (version <= LedgerSnapshot.VERSION_ACCOUNT_LAYOUT_3)
        {
            // Versions up to 3 laid the account records' fields out in another order.
            for (int account = 0; account < ledger.accountCount(); account++)
            {
                final int record = LedgerSnapshot.HEADER_LENGTH + account * recordBytes;
                for (int field = 0; field < AccountStore.RECORD_LONGS; field++)
                {
                    System.arraycopy(snapshot, record + AccountStore.LAYOUT_V3[field] * Long.BYTES,
                        older, record + field * Long.BYTES, Long.BYTES);
                }
            }
            assertThat(older).as("the account fields moved").isNotEqualTo(snapshot);
        }
        if (version <= LedgerSnapshot.VERSION_LINEAR_PROBING)
        {
            // Its slots were placed by another hash or probe: garbage to this build, which must not read them.
            final long accountSlots = LedgerSnapshot.HEADER_LENGTH + (long)ledger.accountCount() * recordBytes;
            final long accountSlotsLength = new AccountStore(CONFIG.accountsMax()).indexFootprintBytes();
            final int transfers = ledger.transferCount();
            final int orphans = getInt(snapshot, ORPHAN_COUNT_OFFSET);
            final long transferSlots = accountSlots + accountSlotsLength +
                (long)transfers * TransferStore.RECORD_LONGS * Long.BYTES + orphans * 2L * Long.BYTES +
                transfers + 2L * transfers * Integer.BYTES;
            final long transferSlotsLength = new TransferStore(CONFIG.transfersMax()).indexFootprintBytes();
            Arrays.fill(older, (int)accountSlots, (int)(accountSlots + accountSlotsLength), (byte)0x5A);
            Arrays.fill(older, (int)transferSlots, (int)(transferSlots + transferSlotsLength), (byte)0xA5);
            assertThat(orphans).isPositive();
        }

        final LedgerDriver restored =
            new LedgerDriver(Ledger.readSnapshot(CONFIG, new SnapshotBytes.Source(older)));

        // Ids inserted again in creation order, the burned ones after: here the order they were first inserted.
        SnapshotBytes.assertIdentical(SnapshotBytes.of(restored.ledger()), snapshot, "restored from version " + version);
        assertThat(restored.ledger().contentDigest()).isEqualTo(ledger.contentDigest());
        assertBehavesAsTheOriginal(restored, original);
    }

    private static void assertBehavesAsTheOriginal(final LedgerDriver restored, final LedgerDriver original)
    {
        assertThat(restored.ledger().stateHash()).isEqualTo(original.ledger().stateHash());
        assertThat(restored.ledger().lastTimestampNs()).isEqualTo(original.ledger().lastTimestampNs());
        assertThat(restored.ledger().nextExpiryTimestampNs()).isEqualTo(original.ledger().nextExpiryTimestampNs());
        for (long id = 1; id <= 4; id++)
        {
            assertThat(restored.account(id)).isEqualTo(original.account(id));
            assertThat(restored.accountBalances(LedgerDriver.AccountFilter.of(LedgerEvents.u128(id))))
                .isEqualTo(original.accountBalances(LedgerDriver.AccountFilter.of(LedgerEvents.u128(id))));
            assertThat(restored.accountTransfers(LedgerDriver.AccountFilter.of(LedgerEvents.u128(id))))
                .isEqualTo(original.accountTransfers(LedgerDriver.AccountFilter.of(LedgerEvents.u128(id))));
        }
        for (long id = 10; id <= 20; id++)
        {
            assertThat(restored.transfer(id)).isEqualTo(original.transfer(id));
        }

        // Then the same batch on both: the burned id stays burned, the pending transfer expires on both.
        final List<TransferRecord> next =
            List.of(transfer(13, 1, 2, 1), transfer(20, 1, 2, 1), post(21, 12, 1, t -> { }));
        final long later = T0 + 100 * SECOND;
        assertThat(restored.createTransfers(later, next)).isEqualTo(original.createTransfers(later, next))
            .contains(CreateTransferResult.ID_ALREADY_FAILED, CreateTransferResult.PENDING_TRANSFER_EXPIRED);
        assertThat(restored.ledger().stateHash()).isEqualTo(original.ledger().stateHash());
        SnapshotBytes.assertIdentical(
            SnapshotBytes.of(restored.ledger()), SnapshotBytes.of(original.ledger()), "after the next batch");
    }

    @Test
    void shouldReadExactlyTheSnapshotAndNothingAfterIt()
    {
        final byte[] snapshot = SnapshotBytes.of(populated().ledger());
        final byte[] withTrailer = Arrays.copyOf(snapshot, snapshot.length + 100);
        final SnapshotBytes.Source source = new SnapshotBytes.Source(withTrailer);

        Ledger.readSnapshot(CONFIG, source);

        assertThat(source.position()).isEqualTo(snapshot.length);
    }

    @Test
    void shouldHandTheSinkChunksOfAtMostOneMebibyte()
    {
        final SnapshotBytes sink = new SnapshotBytes();
        final LedgerConfig config = new LedgerConfig(1 << 16, 1 << 17, LedgerConfig.HISTORY_MIN);
        final long length = new Ledger(config).writeSnapshot(sink);

        assertThat(length).isGreaterThan(2L * SnapshotEncoder.CHUNK_LENGTH);
        assertThat(sink.longestWrite()).isEqualTo(SnapshotEncoder.CHUNK_LENGTH);
        assertThat(sink.writes())
            .isEqualTo((int)((length + SnapshotEncoder.CHUNK_LENGTH - 1) / SnapshotEncoder.CHUNK_LENGTH));
    }

    @Test
    void shouldRefuseAWrongMagic()
    {
        final byte[] snapshot = SnapshotBytes.of(new Ledger(CONFIG));
        snapshot[0] ^= 1;

        assertRefused(snapshot, CONFIG, "not a ledger snapshot: magic 0x504e534d, expected 0x504e534c");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 6})
    void shouldRefuseAnotherVersion(final int version)
    {
        final byte[] snapshot = SnapshotBytes.of(new Ledger(CONFIG));
        putInt(snapshot, 4, version);

        assertRefused(snapshot, CONFIG,
            "unsupported snapshot format version " + version + ": this build reads versions 1 to 5");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void shouldRefuseOtherCapacitiesNamingBoth(final int which)
    {
        final byte[] snapshot = SnapshotBytes.of(new Ledger(CONFIG));
        final LedgerConfig other = new LedgerConfig(
            CONFIG.accountsMax() + (which == 0 ? 1 : 0),
            CONFIG.transfersMax() + (which == 1 ? 1 : 0),
            CONFIG.historyMax() + (which == 2 ? 1 : 0));

        assertRefused(snapshot, other, "snapshot capacities (accountsMax=8, transfersMax=64, historyMax=16378) " +
            "differ from the configured (accountsMax=" + other.accountsMax() + ", transfersMax=" +
            other.transfersMax() + ", historyMax=" + other.historyMax() + ")");
    }

    @Test
    void shouldRefuseCountsOutsideTheCapacities()
    {
        final byte[] snapshot = SnapshotBytes.of(populated().ledger());

        assertRefused(withInt(snapshot, ACCOUNT_COUNT_OFFSET, 9), CONFIG, "snapshot account count 9 is outside 0..8");
        assertRefused(withInt(snapshot, ACCOUNT_COUNT_OFFSET, -1), CONFIG, "snapshot account count -1 is outside 0..8");
        assertRefused(withInt(snapshot, TRANSFER_COUNT_OFFSET, 65), CONFIG,
            "snapshot transfer count 65 is outside 0..64");
        assertRefused(withInt(snapshot, ORPHAN_COUNT_OFFSET, 64), CONFIG, "snapshot burned id count 64 is outside 0..");
        assertRefused(withInt(snapshot, SNAPSHOT_COUNT_OFFSET, Integer.MIN_VALUE), CONFIG,
            "snapshot balance snapshot count -2147483648 is outside 0..16378");
        assertRefused(withInt(snapshot, EXPIRY_COUNT_OFFSET, 64), CONFIG, "snapshot expiry count 64 is outside 0..");
        assertRefused(withLong(snapshot, LAST_TIMESTAMP_OFFSET, -5), CONFIG,
            "snapshot last timestamp is negative: -5");
        assertRefused(withLong(snapshot, LAST_TIMESTAMP_OFFSET, 1), CONFIG, "snapshot last timestamp 1 is below");
    }

    @Test
    void shouldRefuseAMissingEndMarkerOrAnExpiryOfNoTransfer()
    {
        final byte[] snapshot = SnapshotBytes.of(populated().ledger());
        final int end = snapshot.length - Integer.BYTES;

        assertRefused(withInt(snapshot, end, 0), CONFIG,
            "snapshot end marker missing at byte " + end + ": 0x00000000, expected 0x444e454c");
        // The last expiry reference sits right before the end marker.
        assertRefused(withInt(snapshot, end - Integer.BYTES, 64), CONFIG, "names transfer 64 of ");
        // Misaligned sections: one count off reads the wrong bytes where the end marker should be.
        final int snapshots = getInt(snapshot, SNAPSHOT_COUNT_OFFSET);
        assertThatThrownBy(() -> Ledger.readSnapshot(CONFIG,
            new SnapshotBytes.Source(withInt(snapshot, SNAPSHOT_COUNT_OFFSET, snapshots - 1))))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldFailClearlyWhereverTheSourceEndsEarly()
    {
        final byte[] snapshot = SnapshotBytes.of(populated().ledger());
        final int length = snapshot.length;
        final int header = LedgerSnapshot.HEADER_LENGTH;
        final int[] cuts = {0, 1, 4, 7, 8, 20, 39, 40, 55, header, header + 1, length / 5, length / 3, length / 2,
            2 * length / 3, length - 9, length - 5, length - 4, length - 1};
        for (final int cut : cuts)
        {
            assertThatThrownBy(() -> Ledger.readSnapshot(CONFIG, new SnapshotBytes.Source(snapshot, cut)))
                .as("cut at %d of %d", cut, length)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("snapshot truncated: ");
        }
    }

    /**
     * Accounts with and without history, single-phase, pending (one with a timeout, one posted), a burned id and
     * a failed linked chain.
     */
    private static LedgerDriver populated()
    {
        final LedgerDriver driver = new LedgerDriver(CONFIG);
        assertThat(driver.createAccounts(T0, List.of(account(1, a -> { }),
            account(2, a -> a.flags = AccountFlags.HISTORY),
            account(3, a -> a.flags = AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS), account(4, a -> { }))))
            .containsOnly(CreateAccountResult.OK);
        final List<CreateTransferResult> results = driver.createTransfers(T0 + SECOND, List.of(
            transfer(10, 1, 2, 5),
            transfer(11, 1, 2, 7, t -> t.flags = TransferFlags.PENDING),
            transfer(12, 2, 1, 3, t ->
            {
                t.flags = TransferFlags.PENDING;
                t.timeout = 10;
            }),
            post(14, 11, 7, t -> { }),
            transfer(20, 3, 1, 1),
            transfer(15, 1, 4, 1, t -> t.flags = TransferFlags.LINKED),
            transfer(16, 1, 9, 1)));
        assertThat(results).containsExactly(CreateTransferResult.OK, CreateTransferResult.OK, CreateTransferResult.OK,
            CreateTransferResult.OK, CreateTransferResult.EXCEEDS_CREDITS, CreateTransferResult.LINKED_EVENT_FAILED,
            CreateTransferResult.CREDIT_ACCOUNT_NOT_FOUND);
        return driver;
    }

    private static void assertRefused(final byte[] snapshot, final LedgerConfig config, final String message)
    {
        assertThatThrownBy(() -> Ledger.readSnapshot(config, new SnapshotBytes.Source(snapshot)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(message);
    }

    private static int getInt(final byte[] bytes, final int offset)
    {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(offset);
    }

    private static void putInt(final byte[] bytes, final int offset, final int value)
    {
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
    }

    private static byte[] withInt(final byte[] bytes, final int offset, final int value)
    {
        final byte[] copy = bytes.clone();
        putInt(copy, offset, value);
        return copy;
    }

    private static byte[] withLong(final byte[] bytes, final int offset, final long value)
    {
        final byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putLong(offset, value);
        return copy;
    }
}

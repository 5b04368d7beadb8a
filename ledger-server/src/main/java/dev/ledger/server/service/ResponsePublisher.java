package dev.ledger.server.service;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aeron.Publication;
import io.aeron.cluster.service.ClientSession;

import dev.ledger.client.MemberSettings;
import dev.ledger.core.LedgerLimits;
import dev.ledger.server.sbe.BatchStatus;
import dev.ledger.server.sbe.CreateResultsEncoder;
import dev.ledger.server.sbe.GroupSizeEncodingEncoder;
import dev.ledger.server.sbe.MessageHeaderEncoder;
import dev.ledger.server.sbe.RecordsEncoder;
import dev.ledger.server.sbe.RejectReason;
import dev.ledger.server.sbe.RejectedEncoder;
import dev.ledger.server.sbe.SettingsEncoder;

/**
 * Encodes the node's answers (ledger-protocol.xml) and offers them to the client's session. The records of a
 * {@code Records} answer are written by the caller straight into {@link #rows()} before {@link #sendRecords}.
 * <p>
 * A reply that meets back pressure is retried for at most {@link #OFFER_TIMEOUT_NS}, then dropped with a
 * warning: the service must not stall the cluster for one slow client, and a client that gets no answer
 * treats the outcome as unknown and retries with the same ids, which is always safe. Replay and followers
 * offer nothing (Aeron mocks their offers).
 */
final class ResponsePublisher
{
    static final long OFFER_TIMEOUT_NS = TimeUnit.MILLISECONDS.toNanos(500);
    /** Header, correlation id and group header: the bytes before the first record of a Records answer. */
    static final int ROWS_OFFSET = MessageHeaderEncoder.ENCODED_LENGTH + RecordsEncoder.BLOCK_LENGTH +
        GroupSizeEncodingEncoder.ENCODED_LENGTH;
    private static final Logger LOG = LoggerFactory.getLogger(ResponsePublisher.class);

    private final IdleStrategy idle;
    private final UnsafeBuffer buffer =
        new UnsafeBuffer(new byte[ROWS_OFFSET + LedgerLimits.QUERY_ROWS_MAX * LedgerLimits.RECORD_LENGTH]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final CreateResultsEncoder createResults = new CreateResultsEncoder();
    private final RecordsEncoder records = new RecordsEncoder();
    private final RejectedEncoder rejected = new RejectedEncoder();
    private final SettingsEncoder settingsAnswer = new SettingsEncoder();
    private long dropped;

    ResponsePublisher(final IdleStrategy idle)
    {
        this.idle = idle;
    }

    /** @return where the caller writes a Records answer's rows, 128 bytes each, from {@link #ROWS_OFFSET}. */
    UnsafeBuffer rows()
    {
        return buffer;
    }

    void sendRecords(final ClientSession session, final long correlationId, final int rowCount)
    {
        records.wrapAndApplyHeader(buffer, 0, header).correlationId(correlationId);
        // The rows are in place already: write the group header only.
        records.rowsCount(rowCount);
        offer(session, correlationId, ROWS_OFFSET + rowCount * LedgerLimits.RECORD_LENGTH);
    }

    void sendCreateResults(
        final ClientSession session,
        final long correlationId,
        final long timestampNs,
        final int batchStatus,
        final DirectBuffer results,
        final int count)
    {
        createResults.wrapAndApplyHeader(buffer, 0, header)
            .correlationId(correlationId)
            .status(BatchStatus.get((short)batchStatus))
            .timestamp(timestampNs);
        final int resultCount = batchStatus == dev.ledger.core.BatchStatus.OK ? count : 0;
        final CreateResultsEncoder.ResultsEncoder group = createResults.resultsCount(resultCount);
        for (int i = 0; i < resultCount; i++)
        {
            group.next().result(results.getInt(i * LedgerLimits.RESULT_LENGTH, dev.ledger.core.Wire.ORDER));
        }
        offer(session, correlationId, MessageHeaderEncoder.ENCODED_LENGTH + createResults.encodedLength());
    }

    void sendRejected(final ClientSession session, final long correlationId, final RejectReason reason,
        final String detail)
    {
        rejected.wrapAndApplyHeader(buffer, 0, header)
            .correlationId(correlationId)
            .reason(reason);
        final byte[] bytes = detail.getBytes(StandardCharsets.UTF_8);
        rejected.putDetail(bytes, 0, bytes.length);
        offer(session, correlationId, MessageHeaderEncoder.ENCODED_LENGTH + rejected.encodedLength());
    }

    void sendSettings(final ClientSession session, final long correlationId, final MemberSettings settings)
    {
        settingsAnswer.wrapAndApplyHeader(buffer, 0, header).correlationId(correlationId);
        settings.write(buffer, MessageHeaderEncoder.ENCODED_LENGTH + SettingsEncoder.settingsEncodingOffset());
        offer(session, correlationId, MessageHeaderEncoder.ENCODED_LENGTH + SettingsEncoder.BLOCK_LENGTH);
    }

    /** @return replies dropped after back pressure outlasted {@link #OFFER_TIMEOUT_NS}. */
    long dropped()
    {
        return dropped;
    }

    private void offer(final ClientSession session, final long correlationId, final int length)
    {
        idle.reset();
        long deadlineNs = 0;
        while (true)
        {
            final long result = session.offer(buffer, 0, length);
            if (result > 0 || result == ClientSession.MOCKED_OFFER)
            {
                return;
            }
            if (result == Publication.NOT_CONNECTED || result == Publication.CLOSED ||
                result == Publication.MAX_POSITION_EXCEEDED)
            {
                dropped++;
                return;
            }
            final long nowNs = System.nanoTime();
            if (deadlineNs == 0)
            {
                deadlineNs = nowNs + OFFER_TIMEOUT_NS;
            }
            else if (nowNs - deadlineNs > 0)
            {
                dropped++;
                LOG.warn("dropped the answer to request {} of session {}: back pressure outlasted {} ms",
                    correlationId, session.id(), TimeUnit.NANOSECONDS.toMillis(OFFER_TIMEOUT_NS));
                return;
            }
            idle.idle();
        }
    }
}

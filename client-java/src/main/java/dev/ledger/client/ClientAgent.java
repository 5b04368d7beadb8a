package dev.ledger.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import io.aeron.Publication;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.logbuffer.Header;

import dev.ledger.client.LedgerException.Kind;
import dev.ledger.client.sbe.CreateResultsDecoder;
import dev.ledger.client.sbe.MessageHeaderDecoder;
import dev.ledger.client.sbe.RecordsDecoder;
import dev.ledger.client.sbe.RejectedDecoder;
import dev.ledger.client.sbe.SettingsDecoder;
import dev.ledger.core.BatchStatus;
import dev.ledger.core.LedgerLimits;

/**
 * The client's one thread: takes requests from the callers' queue, encodes and offers them to the cluster,
 * polls the egress for answers and completes each request's future, fails requests whose time is up, keeps
 * the session alive, and reconnects when the session is lost. All Aeron calls happen here.
 */
final class ClientAgent implements Agent, EgressListener
{
    private static final long KEEP_ALIVE_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);

    private final LedgerClient.Context context;
    private final ManyToOneConcurrentArrayQueue<Request> queue;
    private final AtomicInteger outstanding;
    private final NanoClock clock;
    private final RequestEncoder encoder = new RequestEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final CreateResultsDecoder createResults = new CreateResultsDecoder();
    private final RecordsDecoder records = new RecordsDecoder();
    private final RejectedDecoder rejected = new RejectedDecoder();
    private final Long2ObjectHashMap<Request> inFlight = new Long2ObjectHashMap<>();
    private final ArrayDeque<Request> sentOrder = new ArrayDeque<>();
    /** Requests of a coalesced message the ledger refused whole (no room): sent again one by one, first. */
    private final ArrayDeque<Request> alone = new ArrayDeque<>();
    private volatile AeronCluster cluster;
    private AeronCluster.AsyncConnect connecting;
    private Request unsent;
    private int unsentLength;
    private long backPressuredSinceNs;
    private long lastSendNs;
    private long nextCorrelationId = 1;
    private int createMessagesInFlight;
    /** When the cluster last sent this session anything, or the session began. */
    private long lastEgressNs;

    ClientAgent(final LedgerClient.Context context, final AeronCluster cluster,
        final ManyToOneConcurrentArrayQueue<Request> queue, final AtomicInteger outstanding, final NanoClock clock)
    {
        this.context = context;
        this.cluster = cluster;
        this.queue = queue;
        this.outstanding = outstanding;
        this.clock = clock;
        this.lastEgressNs = clock.nanoTime();
    }

    @Override
    public int doWork()
    {
        final long nowNs = clock.nanoTime();
        int work = 0;
        if (cluster == null)
        {
            work += reconnect();
        }
        if (cluster != null)
        {
            work += cluster.pollEgress();
            work += send(nowNs);
            if (nowNs - lastSendNs > KEEP_ALIVE_INTERVAL_NS && cluster.sendKeepAlive())
            {
                lastSendNs = nowNs;
            }
            if (cluster.isClosed())
            {
                lost("the session to the cluster closed");
            }
        }
        work += expire(nowNs);
        return work;
    }

    boolean isConnected()
    {
        final AeronCluster current = cluster;
        return current != null && !current.isClosed();
    }

    private int send(final long nowNs)
    {
        int sent = 0;
        while (true)
        {
            if (unsent == null)
            {
                final Request next = alone.isEmpty() ? queue.peek() : alone.peekFirst();
                if (next == null)
                {
                    return sent;
                }
                if (next.answer == Request.Answer.CREATE && createMessagesInFlight >= context.pipelineDepth())
                {
                    // A full pipeline holds creates back; when a message is answered they leave coalesced. One
                    // held longer than the busy timeout fails at once, definitely: under overload the client
                    // answers busy instead of sending requests that would only time out.
                    if (next.alone || nowNs - next.submittedNs <= context.busyTimeoutNs())
                    {
                        return sent;
                    }
                    queue.poll();
                    fail(next, Kind.BUSY, "the cluster was still busy with earlier requests after " +
                        TimeUnit.NANOSECONDS.toMillis(context.busyTimeoutNs()) + " ms: nothing was applied");
                    continue;
                }
                unsent = alone.isEmpty() ? queue.poll() : alone.pollFirst();
                unsent.deadlineNs = nowNs + context.requestTimeoutNs();
                unsent.correlationId = nextCorrelationId++;
                // Requests sent again alone, and what queued behind them, are not coalesced with them.
                unsentLength = encoder.encode(unsent, unsent.alone || !alone.isEmpty() ? null : queue);
            }
            final long result = cluster.offer(encoder.buffer(), 0, unsentLength);
            if (result > 0)
            {
                inFlight.put(unsent.correlationId, unsent);
                sentOrder.addLast(unsent);
                createMessagesInFlight += unsent.answer == Request.Answer.CREATE ? 1 : 0;
                unsent = null;
                backPressuredSinceNs = 0;
                lastSendNs = nowNs;
                sent++;
            }
            else if (result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION)
            {
                if (backPressuredSinceNs == 0)
                {
                    backPressuredSinceNs = nowNs;
                }
                else if (nowNs - backPressuredSinceNs > context.busyTimeoutNs())
                {
                    backPressuredSinceNs = 0;
                    final Request request = unsent;
                    unsent = null;
                    fail(request, Kind.BUSY, "the cluster did not take the request for " +
                        TimeUnit.NANOSECONDS.toMillis(context.busyTimeoutNs()) + " ms: nothing was applied");
                }
                return sent;
            }
            else
            {
                // Not connected or closed: the request was not sent; keep it for the reconnected session.
                backPressuredSinceNs = 0;
                return sent;
            }
        }
    }

    @Override
    public void onMessage(final long clusterSessionId, final long timestamp, final DirectBuffer buffer,
        final int offset, final int length, final Header header)
    {
        lastEgressNs = clock.nanoTime();
        if (length < MessageHeaderDecoder.ENCODED_LENGTH + Long.BYTES)
        {
            return;
        }
        headerDecoder.wrap(buffer, offset);
        final long correlationId = buffer.getLong(offset + MessageHeaderDecoder.ENCODED_LENGTH,
            MessageHeaderDecoder.BYTE_ORDER);
        final Request request = inFlight.remove(correlationId);
        if (request == null || request.done)
        {
            return; // the answer to a request that timed out already
        }
        createMessagesInFlight -= request.answer == Request.Answer.CREATE ? 1 : 0;
        switch (headerDecoder.templateId())
        {
            case CreateResultsDecoder.TEMPLATE_ID:
                completeCreates(request, buffer, offset);
                break;
            case RecordsDecoder.TEMPLATE_ID:
                complete(request, decodeRecords(request.answer, buffer, offset));
                break;
            case SettingsDecoder.TEMPLATE_ID:
                complete(request, MemberSettings.read(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH +
                    SettingsDecoder.settingsEncodingOffset()));
                break;
            case RejectedDecoder.TEMPLATE_ID:
                rejected.wrapAndApplyHeader(buffer, offset, headerDecoder);
                final String reason = String.valueOf(rejected.reason());
                final byte[] detail = new byte[rejected.detailLength()];
                rejected.getDetail(detail, 0, detail.length);
                fail(request, Kind.REJECTED, reason + ": " + new String(detail, StandardCharsets.UTF_8));
                break;
            default:
                fail(request, Kind.CONNECTION_LOST, "an answer of unknown type " + headerDecoder.templateId());
        }
    }

    /** Splits a create message's results among the requests coalesced into it, in order. */
    private void completeCreates(final Request head, final DirectBuffer buffer, final int offset)
    {
        createResults.wrapAndApplyHeader(buffer, offset, headerDecoder);
        final int status = createResults.status().value();
        final long timestampNs = createResults.timestamp();
        final CreateResultsDecoder.ResultsDecoder group = createResults.results();
        final int count = group.count();
        int events = 0;
        for (Request request = head; request != null; request = request.next)
        {
            events += request.count;
        }
        if (count != 0 && count != events)
        {
            fail(head, Kind.CONNECTION_LOST, "an answer with " + count + " results for " + events +
                " events: the outcome is unknown");
            return;
        }
        if (status != BatchStatus.OK && head.next != null)
        {
            // Refused whole for lack of room, nothing applied: alone, a request may fit, and a retry of events
            // already recorded gets its `exists` codes. Send each again by itself, before anything newer.
            sentOrder.remove(head);
            for (Request request = head; request != null; )
            {
                final Request following = request.next;
                request.next = null;
                request.alone = true;
                alone.addLast(request);
                request = following;
            }
            return;
        }
        for (Request request = head; request != null; request = request.next)
        {
            // A batch refused whole (ledger full) carries no codes.
            final int[] codes = new int[count == 0 ? 0 : request.count];
            for (int i = 0; i < codes.length; i++)
            {
                codes[i] = (int)group.next().result();
            }
            complete(request, new CreateResults(status, timestampNs, codes));
        }
    }

    private Object decodeRecords(final Request.Answer answer, final DirectBuffer buffer, final int offset)
    {
        records.wrapAndApplyHeader(buffer, offset, headerDecoder);
        final RecordsDecoder.RowsDecoder rows = records.rows();
        final int count = rows.count();
        final int first = records.limit();
        if (answer == Request.Answer.RECORD_SET)
        {
            final UnsafeBuffer copy = new UnsafeBuffer(new byte[count * LedgerLimits.RECORD_LENGTH]);
            copy.putBytes(0, buffer, first, count * LedgerLimits.RECORD_LENGTH);
            return new RecordSet(copy, count);
        }
        final List<Object> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            final int at = first + i * LedgerLimits.RECORD_LENGTH;
            switch (answer)
            {
                case ACCOUNTS:
                    list.add(Account.read(buffer, at));
                    break;
                case TRANSFERS:
                    list.add(Transfer.read(buffer, at));
                    break;
                default:
                    list.add(AccountBalance.read(buffer, at));
            }
        }
        return list;
    }

    @Override
    public void onNewLeader(final long clusterSessionId, final long leadershipTermId, final int leaderMemberId,
        final String ingressEndpoints)
    {
        // AeronCluster follows the new leader itself; requests it had not committed are the caller's to retry
        // (they time out as "outcome unknown", and retrying with the same ids is safe).
    }

    private int expire(final long nowNs)
    {
        int work = 0;
        boolean stale = false;
        Request head;
        while ((head = sentOrder.peekFirst()) != null && (head.done || nowNs - head.deadlineNs > 0))
        {
            sentOrder.pollFirst();
            if (!head.done)
            {
                stale = true;
                inFlight.remove(head.correlationId);
                createMessagesInFlight -= head.answer == Request.Answer.CREATE ? 1 : 0;
                fail(head, Kind.TIMEOUT, "no answer within " + TimeUnit.NANOSECONDS.toMillis(context.requestTimeoutNs()) +
                    " ms: the outcome is unknown; retrying with the same ids is safe");
            }
            work++;
        }
        Request waiting;
        while (cluster == null && (waiting = queue.peek()) != null &&
            nowNs - waiting.submittedNs - context.requestTimeoutNs() > 0)
        {
            queue.poll();
            fail(waiting, Kind.CONNECTION_LOST, "no session to the cluster within the request timeout: not sent, " +
                "nothing was applied");
            work++;
        }
        if (unsent != null && nowNs - unsent.deadlineNs > 0)
        {
            final Request request = unsent;
            unsent = null;
            fail(request, cluster == null ? Kind.CONNECTION_LOST : Kind.BUSY,
                "not sent within the request timeout: nothing was applied");
            stale = true;
            work++;
        }
        if (stale && cluster != null && nowNs - lastEgressNs > context.requestTimeoutNs())
        {
            // Requests timed out and the cluster has said nothing for a whole request timeout: the session is
            // most likely dead (a restarted cluster drops messages of a leadership term it no longer has) even
            // if Aeron has not noticed yet. A new session costs little; waiting for Aeron's own timeouts costs
            // tens of seconds.
            lost("no message from the cluster for " + TimeUnit.NANOSECONDS.toMillis(nowNs - lastEgressNs) + " ms");
        }
        return work;
    }

    private int reconnect()
    {
        if (connecting == null)
        {
            connecting = AeronCluster.asyncConnect(context.clusterContext().clone());
        }
        try
        {
            final AeronCluster connected = connecting.poll();
            if (connected != null)
            {
                connecting = null;
                cluster = connected;
                lastEgressNs = clock.nanoTime();
                return 1;
            }
        }
        catch (final RuntimeException ex)
        {
            connecting.close();
            connecting = null; // try again on the next duty cycle
        }
        return 0;
    }

    private void lost(final String why)
    {
        backPressuredSinceNs = 0;
        for (final Request request : sentOrder)
        {
            if (!request.done)
            {
                fail(request, Kind.CONNECTION_LOST, why + " after the request was sent: the outcome is unknown; " +
                    "retrying with the same ids is safe");
            }
        }
        sentOrder.clear();
        inFlight.clear();
        createMessagesInFlight = 0;
        cluster.close();
        cluster = null;
    }

    private void complete(final Request request, final Object answer)
    {
        request.done = true;
        outstanding.decrementAndGet();
        request.future.complete(answer);
    }

    /** Fails the request and every request coalesced with it. */
    private void fail(final Request request, final Kind kind, final String message)
    {
        for (Request failed = request; failed != null; failed = failed.next)
        {
            failed.done = true;
            outstanding.decrementAndGet();
            failed.future.completeExceptionally(new LedgerException(kind, message));
        }
    }

    @Override
    public void onClose()
    {
        final LedgerException closed = new LedgerException(Kind.CLOSED, "the client closed");
        Request request;
        while ((request = queue.poll()) != null)
        {
            request.future.completeExceptionally(closed);
        }
        for (Request held = unsent; held != null; held = held.next)
        {
            held.future.completeExceptionally(closed);
        }
        for (final Request again : alone)
        {
            again.future.completeExceptionally(closed);
        }
        for (final Request sent : sentOrder)
        {
            for (Request coalesced = sent; coalesced != null && !coalesced.done; coalesced = coalesced.next)
            {
                coalesced.future.completeExceptionally(new LedgerException(Kind.CONNECTION_LOST,
                    "the client closed before the answer came: the outcome is unknown"));
            }
        }
        if (connecting != null)
        {
            connecting.close();
        }
        if (cluster != null)
        {
            cluster.close();
        }
    }

    @Override
    public String roleName()
    {
        return "ledger-client";
    }
}

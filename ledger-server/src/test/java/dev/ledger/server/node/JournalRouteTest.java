package dev.ledger.server.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;


import dev.ledger.journal.JournalEntry;
import dev.ledger.journal.JournalReader;
import dev.ledger.journal.export.EntryJsonWriter;
import dev.ledger.server.JsonTree;
import dev.ledger.server.LedgerNode;

/**
 * {@code GET /v1/journal} against a real node: the create messages sent over HTTP come back one line each, with
 * their indexes, log positions, events, results and checksums, byte for byte the lines the journal's own
 * {@link EntryJsonWriter} writes for the entries on disk; paging by {@code from} and {@code limit} with
 * {@code Ledger-Next-From}; every refused parameter; and a damaged entry, which is never served as a whole page.
 * The class's node takes all of its writes before the first test, so the journal is the same for every test.
 */
class JournalRouteTest
{
    private static final String NDJSON = "application/x-ndjson";
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String NEXT_FROM = "Ledger-Next-From";
    /** A user_data_64 whose 8 bytes appear once in the journal's files, so that a test can find them. */
    private static final long MARK = 0x1122334455667788L;

    @TempDir
    static Path data;

    private static LedgerNode node;
    private static HttpClient http;

    @BeforeAll
    static void startNodeAndWrite() throws Exception
    {
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
        node = startNode(data);
        assertThat(createResults("/v1/accounts", "[" + account(1, "") + "," +
            account(2, "\"debits_must_not_exceed_credits\"") + "," + account(3, "") + "]"))
            .containsExactly("ok", "ok", "ok");
        assertThat(createResults("/v1/transfers", "[" + transfer(10, 1, 2, 100, 0) + "," +
            transfer(11, 2, 3, 30, 0) + "," + transfer(12, 2, 3, 71, 0) + "]"))
            .containsExactly("ok", "ok", "exceeds_credits");
        assertThat(createResults("/v1/transfers", "[" + transfer(13, 1, 3, 5, 77) + "]")).containsExactly("ok");
        assertThat(createResults("/v1/accounts", "[" + account(1, "") + "]")).containsExactly("exists");
    }

    @AfterAll
    static void stopNode()
    {
        if (node != null)
        {
            node.close();
        }
    }

    @Test
    void shouldAnswerOneLinePerCreateMessageWithItsEventsResultsAndChecksum() throws Exception
    {
        final HttpResponse<String> reply = get(node, "/v1/journal");
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Content-Type")).hasValue(NDJSON);
        assertThat(reply.headers().firstValue(NEXT_FROM)).hasValue("4");
        assertThat(reply.body()).endsWith("\n");
        final List<Map<String, Object>> lines = lines(reply.body());
        assertThat(lines).hasSize(4);

        long lastPosition = -1;
        long lastTime = 0;
        for (int i = 0; i < lines.size(); i++)
        {
            final Map<String, Object> line = lines.get(i);
            assertThat(line.keySet()).containsExactly("index", "log_position", "cluster_time_ns", "kind",
                "batch_status", "state_hash", "events", "results", "checksum");
            assertThat(line).containsEntry("index", (long)i).containsEntry("batch_status", "ok");
            assertThat((long)line.get("log_position")).isGreaterThan(lastPosition);
            lastPosition = (long)line.get("log_position");
            final long time = Long.parseLong((String)line.get("cluster_time_ns"));
            assertThat(time).isGreaterThanOrEqualTo(lastTime).isPositive();
            lastTime = time;
            assertThat((String)line.get("state_hash")).matches("[0-9a-f]{1,16}");
            assertThat((String)line.get("checksum")).matches("[0-9a-f]{1,8}");
        }
        assertThat(lines).extracting(line -> line.get("kind"))
            .containsExactly("create_accounts", "create_transfers", "create_transfers", "create_accounts");

        assertThat(events(lines.get(0), "id")).containsExactly("1", "2", "3");
        assertThat(events(lines.get(0), "flags"))
            .containsExactly(List.of(), List.of("debits_must_not_exceed_credits"), List.of());
        assertThat(events(lines.get(0), "ledger")).containsExactly(7L, 7L, 7L);
        assertThat(lines.get(0).get("results")).isEqualTo(List.of("ok", "ok", "ok"));

        assertThat(events(lines.get(1), "id")).containsExactly("10", "11", "12");
        assertThat(events(lines.get(1), "debit_account_id")).containsExactly("1", "2", "2");
        assertThat(events(lines.get(1), "credit_account_id")).containsExactly("2", "3", "3");
        assertThat(events(lines.get(1), "amount")).containsExactly("100", "30", "71");
        assertThat(lines.get(1).get("results")).isEqualTo(List.of("ok", "ok", "exceeds_credits"));

        assertThat(events(lines.get(2), "id")).containsExactly("13");
        assertThat(events(lines.get(2), "user_data_64")).containsExactly("77");
        assertThat(lines.get(2).get("results")).isEqualTo(List.of("ok"));

        assertThat(events(lines.get(3), "id")).containsExactly("1");
        assertThat(lines.get(3).get("results")).isEqualTo(List.of("exists"));
    }

    @Test
    void shouldAnswerExactlyTheLinesTheJournalsWriterWritesForTheEntriesOnDisk() throws Exception
    {
        final StringWriter expected = new StringWriter();
        final List<Long> checksums = new ArrayList<>();
        final List<Long> positions = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(data.resolve("journal"));
            EntryJsonWriter writer = new EntryJsonWriter(expected))
        {
            final JournalEntry entry = new JournalEntry();
            while (reader.next(entry))
            {
                writer.write(entry);
                checksums.add(entry.checksum());
                positions.add(entry.logPosition());
            }
        }
        final String body = get(node, "/v1/journal").body();
        assertThat(body).isEqualTo(expected.toString());
        final List<Map<String, Object>> lines = lines(body);
        for (int i = 0; i < lines.size(); i++)
        {
            assertThat(lines.get(i)).containsEntry("checksum", Long.toHexString(checksums.get(i)))
                .containsEntry("log_position", positions.get(i));
        }
    }

    @Test
    void shouldPageByFromAndLimitWithTheNextFromInAHeader() throws Exception
    {
        final String whole = get(node, "/v1/journal?limit=8189").body();
        final HttpResponse<String> first = get(node, "/v1/journal?limit=3");
        assertThat(first.headers().firstValue(NEXT_FROM)).hasValue("3");
        assertThat(lines(first.body())).extracting(line -> line.get("index")).containsExactly(0L, 1L, 2L);
        final HttpResponse<String> second = get(node, "/v1/journal?from=3&limit=3");
        assertThat(second.headers().firstValue(NEXT_FROM)).hasValue("4");
        assertThat(lines(second.body())).extracting(line -> line.get("index")).containsExactly(3L);
        assertThat(first.body() + second.body()).isEqualTo(whole);

        final HttpResponse<String> middle = get(node, "/v1/journal?limit=2&from=1");
        assertThat(lines(middle.body())).extracting(line -> line.get("index")).containsExactly(1L, 2L);
        assertThat(middle.headers().firstValue(NEXT_FROM)).hasValue("3");
        assertThat(lines(get(node, "/v1/journal?limit=1").body())).extracting(line -> line.get("index"))
            .containsExactly(0L);
    }

    @ParameterizedTest
    @CsvSource({ "4", "5", "1000", "9223372036854775807" })
    void shouldAnswerAnEmptyPageFromPastTheEnd(final String from) throws Exception
    {
        final HttpResponse<String> reply = get(node, "/v1/journal?from=" + from);
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Content-Type")).hasValue(NDJSON);
        assertThat(reply.body()).isEmpty();
        assertThat(reply.headers().firstValue(NEXT_FROM)).as("ask there again later").hasValue(from);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "from=-1|invalid_number|from",
        "from=abc|invalid_number|from",
        "from=|invalid_number|from",
        "from=1.5|invalid_number|from",
        "from=9223372036854775808|invalid_number|from",
        "from=%2B1|invalid_number|from",
        "limit=0|invalid_limit|limit",
        "limit=8190|invalid_limit|limit",
        "limit=99999999999999999999999|invalid_limit|limit",
        "limit=x|invalid_number|limit",
        "limit=-5|invalid_number|limit",
        "limit=|invalid_number|limit",
        "form=1|unknown_parameter|form",
        "zeta=1&alpha=2&limit=0|unknown_parameter|alpha",
        "from=1&from=2|repeated_parameter|from",
        "limit=1&limit=1|repeated_parameter|limit",
        "from=x&limit=0|invalid_number|from" })
    void shouldRefuseABadParameterNamingIt(final String query, final String error, final String field)
        throws Exception
    {
        final HttpResponse<String> reply = get(node, "/v1/journal?" + query);
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(400);
        assertThat(reply.headers().firstValue("Content-Type")).hasValue(PROBLEM_JSON);
        final Map<String, Object> problem = object(reply.body());
        assertThat(problem).containsEntry("status", 400L).containsEntry("error", error)
            .containsEntry("field", field).containsEntry("type", "about:blank");
        assertThat(reply.headers().firstValue(NEXT_FROM)).isEmpty();
    }

    @Test
    void shouldTakeOnlyGet() throws Exception
    {
        final HttpResponse<String> reply = http.send(HttpRequest.newBuilder(uri(node, "/v1/journal"))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("[]")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).isEqualTo(405);
        assertThat(reply.headers().firstValue("Allow")).hasValue("GET");
        assertThat(object(reply.body())).containsEntry("error", "method_not_allowed");
    }

    /**
     * One byte changed in entry 1 on disk, under the running node: a page that starts there is a 500 naming the
     * index; a page that reaches it from before ends without the end of its chunked body (the client sees an
     * error, never a short page that looks whole); a page before it is served.
     */
    @Test
    void shouldNeverServeADamagedEntry(@TempDir final Path damaged) throws Exception
    {
        final LedgerNode other = startNode(damaged);
        try
        {
            assertThat(createResults(other, "/v1/accounts", "[" + account(1, "") + "," + account(2, "") + "]"))
                .containsExactly("ok", "ok");
            assertThat(createResults(other, "/v1/transfers", "[" + transfer(20, 1, 2, 5, MARK) + "]"))
                .containsExactly("ok");
            assertThat(createResults(other, "/v1/transfers", "[" + transfer(21, 1, 2, 6, 0) + "]"))
                .containsExactly("ok");
            assertThat(lines(get(other, "/v1/journal").body())).hasSize(3);

            flipFirstByteOf(MARK, damaged.resolve("journal"));

            final HttpResponse<String> before = get(other, "/v1/journal?limit=1");
            assertThat(before.statusCode()).isEqualTo(200);
            assertThat(lines(before.body())).extracting(line -> line.get("index")).containsExactly(0L);

            final HttpResponse<String> at = get(other, "/v1/journal?from=1");
            assertThat(at.statusCode()).as(at.body()).isEqualTo(500);
            assertThat(at.headers().firstValue("Content-Type")).hasValue(PROBLEM_JSON);
            final Map<String, Object> problem = object(at.body());
            assertThat(problem).containsEntry("error", "journal_unreadable");
            assertThat((String)problem.get("detail")).startsWith("journal index 1: ");

            assertThatThrownBy(() -> get(other, "/v1/journal")).isInstanceOf(IOException.class);
            assertThat(get(other, "/v1/journal?limit=1").statusCode()).as("served after a broken page").isEqualTo(200);
            // The broken page's exchange ended, as a 500, like the one that starts at the damage.
            assertThat(get(other, "/metrics").body())
                .containsPattern("ledger_http_requests_seconds_count\\{route=\"/v1/journal\",status=\"500\"} [2-9]");
        }
        finally
        {
            other.close();
        }
    }

    private static LedgerNode startNode(final Path directory) throws InterruptedException, IOException
    {
        final LedgerNode started = LedgerNode.start(NodeFixture.config(directory, NodeFixture.freePortBase()),
            (what, cause) -> { });
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (get(started, "/health/ready").statusCode() != 200)
        {
            assertThat(System.nanoTime()).as("the node is ready within 30 s").isLessThan(deadline);
            Thread.sleep(100);
        }
        return started;
    }

    /** Changes the first byte of the only place in the journal's files that holds {@code value}. */
    private static void flipFirstByteOf(final long value, final Path journal) throws IOException
    {
        final byte[] pattern = new byte[Long.BYTES];
        ByteBuffer.wrap(pattern).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(value);
        final List<Path> found = new ArrayList<>();
        final List<Integer> offsets = new ArrayList<>();
        try (Stream<Path> files = Files.walk(journal))
        {
            for (final Path file : (Iterable<Path>)files.filter(f -> f.toString().endsWith(".cq4"))::iterator)
            {
                final byte[] bytes = Files.readAllBytes(file);
                for (int i = 0; i + pattern.length <= bytes.length; i++)
                {
                    if (java.util.Arrays.equals(bytes, i, i + pattern.length, pattern, 0, pattern.length))
                    {
                        found.add(file);
                        offsets.add(i);
                    }
                }
            }
        }
        assertThat(found).as("places that hold the mark").hasSize(1);
        try (FileChannel channel = FileChannel.open(found.get(0), StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.wrap(new byte[] {(byte)(pattern[0] ^ 0x01)}), offsets.get(0));
        }
    }

    private static List<String> createResults(final String path, final String body) throws Exception
    {
        return createResults(node, path, body);
    }

    private static List<String> createResults(final LedgerNode target, final String path, final String body)
        throws Exception
    {
        final HttpResponse<String> reply = http.send(HttpRequest.newBuilder(uri(target, path))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        final List<String> results = new ArrayList<>();
        for (final Object result : (List<?>)object(reply.body()).get("results"))
        {
            results.add((String)((Map<?, ?>)result).get("result"));
        }
        return results;
    }

    private static String account(final long id, final String flags)
    {
        return "{\"id\":\"" + id + "\",\"ledger\":7,\"code\":1" +
            (flags.isEmpty() ? "" : ",\"flags\":[" + flags + "]") + "}";
    }

    private static String transfer(final long id, final long debit, final long credit, final long amount,
        final long userData64)
    {
        return "{\"id\":\"" + id + "\",\"debit_account_id\":\"" + debit + "\",\"credit_account_id\":\"" + credit +
            "\",\"amount\":\"" + amount + "\",\"user_data_64\":\"" + Long.toUnsignedString(userData64) +
            "\",\"ledger\":7,\"code\":1}";
    }

    private static URI uri(final LedgerNode target, final String path)
    {
        return URI.create("http://127.0.0.1:" + target.httpPort() + path);
    }

    private static HttpResponse<String> get(final LedgerNode target, final String path)
        throws IOException, InterruptedException
    {
        return http.send(HttpRequest.newBuilder(uri(target, path)).timeout(Duration.ofSeconds(30)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    }

    /** The values of one field of every event of a line. */
    private static List<Object> events(final Map<String, Object> line, final String field)
    {
        final List<Object> values = new ArrayList<>();
        for (final Object event : (List<?>)line.get("events"))
        {
            values.add(((Map<?, ?>)event).get(field));
        }
        return values;
    }

    /** Parses NDJSON: every line one object, every line ended by a newline. */
    private static List<Map<String, Object>> lines(final String body)
    {
        final List<Map<String, Object>> lines = new ArrayList<>();
        if (body.isEmpty())
        {
            return lines;
        }
        assertThat(body).endsWith("\n");
        for (final String line : body.substring(0, body.length() - 1).split("\n", -1))
        {
            lines.add(object(line));
        }
        return lines;
    }

    private static Map<String, Object> object(final String text)
    {
        return JsonTree.object(JsonTree.parse(text));
    }
}

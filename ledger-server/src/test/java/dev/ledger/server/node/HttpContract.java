package dev.ledger.server.node;

import static dev.ledger.server.JsonTree.list;
import static dev.ledger.server.JsonTree.object;
import static dev.ledger.server.JsonTree.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;


import dev.ledger.server.LedgerNode;

/**
 * The HTTP contract of API.md, held against one real node (Aeron Cluster, journal, Undertow on 127.0.0.1) for
 * the whole class: every route's 200 with real values, and every refusal with its status, its
 * {@code application/problem+json} body ({@code error}, {@code field}, {@code status}) and the proof that
 * nothing of a refused request was applied. Each test uses its own ids, so the tests do not depend on order.
 * Run on one ledger ({@link HttpContractTest}) and on account shards ({@link ShardedHttpContractTest}).
 */
abstract class HttpContract
{
    private static final int LEDGER = 700;
    private static final int BODY_MAX = 2 * 1024 * 1024;
    private static final int BATCH_EVENTS_MAX = 8189;
    private static final String JSON = "application/json";
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String TWO_POW_64 = "18446744073709551616";
    private static final String TWO_POW_128 = "340282366920938463463374607431768211456";

    /** Set up by {@link #startNode()}: a plain account that funds the others. */
    private static final long SOURCE = 1;
    /** Set up by {@link #startNode()}: an account with debits_must_not_exceed_credits. */
    private static final long LIMITED = 2;
    /** Set up by {@link #startNode()}: an account with history. */
    private static final long HISTORY = 3;
    /** Set up by {@link #startNode()}: a plain account that receives. */
    private static final long SINK = 4;

    /** Ids for events that must never have been applied, one block per use. */
    private static final AtomicLong REFUSED_IDS = new AtomicLong(900_000);

    @TempDir
    static Path data;

    private static LedgerNode node;
    private static HttpClient http;
    private static String base;

    /** Starts the node every test talks to, with these flags besides the fixture's (from a subclass's @BeforeAll). */
    static void start(final String... flags) throws Exception
    {
        node = LedgerNode.start(NodeFixture.config(data, NodeFixture.freePortBase(), flags), (what, cause) -> { });
        http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
        base = "http://127.0.0.1:" + node.httpPort();
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (get("/health/ready").status() != 200)
        {
            assertThat(System.nanoTime()).as("the node is ready within 30 s").isLessThan(deadline);
            Thread.sleep(100);
        }
        final Reply created = post("/v1/accounts", "[" +
            account(SOURCE, "") + "," +
            account(LIMITED, "\"debits_must_not_exceed_credits\"") + "," +
            account(HISTORY, "\"history\"") + "," +
            account(SINK, "") + "]");
        assertThat(results(created)).containsExactly("ok", "ok", "ok", "ok");
    }

    @AfterAll
    static void stopNode()
    {
        if (node != null)
        {
            node.close();
        }
    }

    // ---------------------------------------------------------------------------------------------- 200 answers

    @Test
    void shouldCreateAccountsWithOneResultPerEventInOrder() throws Exception
    {
        final String batch = "[" + account(101, "") + "," +
            "{\"id\":\"102\",\"ledger\":0,\"code\":1}," +
            account(101, "") + "]";
        final Map<String, Object> first = ok(post("/v1/accounts", batch));
        assertThat(list(first.get("results"))).extracting(r -> object(r).get("index"))
            .containsExactly(0L, 1L, 2L);
        assertThat(results(first)).containsExactly("ok", "ledger_must_not_be_zero", "exists");
        assertThat(results(ok(post("/v1/accounts", batch))))
            .containsExactly("exists", "ledger_must_not_be_zero", "exists");

        final Map<String, Object> account = ok(get("/v1/accounts/101"));
        assertThat(account).containsEntry("id", "101").containsEntry("ledger", (long)LEDGER)
            .containsEntry("code", 1L).containsEntry("flags", List.of())
            .containsEntry("debits_pending", "0").containsEntry("debits_posted", "0")
            .containsEntry("credits_pending", "0").containsEntry("credits_posted", "0")
            .containsEntry("user_data_128", "0").containsEntry("user_data_64", "0")
            .containsEntry("user_data_32", 0L);
        assertThat(new BigInteger((String)account.get("timestamp"))).isPositive();
        problem(get("/v1/accounts/102"), 404, "account_not_found", null);
    }

    @Test
    void shouldAcceptAJsonContentTypeWithACharset() throws Exception
    {
        final Reply reply = send(HttpRequest.newBuilder(uri("/v1/accounts"))
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString("[" + account(111, "") + "]")));
        assertThat(results(ok(reply))).containsExactly("ok");
        // Media types are case-insensitive (RFC 9110, 8.3.1).
        final Reply upper = send(HttpRequest.newBuilder(uri("/v1/accounts"))
            .header("Content-Type", "Application/JSON;charset=UTF-8")
            .POST(HttpRequest.BodyPublishers.ofString("[" + account(112, "") + "]")));
        assertThat(results(ok(upper))).containsExactly("ok");
    }

    @Test
    void shouldAcceptAFullBatchOf8189Events() throws Exception
    {
        final StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < BATCH_EVENTS_MAX; i++)
        {
            batch.append(i == 0 ? "" : ",").append(account(200_000 + i, ""));
        }
        final List<String> results = results(ok(post("/v1/accounts", batch.append(']').toString())));
        assertThat(results).hasSize(BATCH_EVENTS_MAX).containsOnly("ok");
    }

    @Test
    void shouldMoveBalancesAndAnswerEventFailuresAs200Results() throws Exception
    {
        final Map<String, Object> funded = ok(post("/v1/transfers", "[" + transfer(1001, SOURCE, LIMITED, 50) + "]"));
        assertThat(results(funded)).containsExactly("ok");

        final Map<String, Object> answer = ok(post("/v1/transfers", "[" +
            transfer(1002, LIMITED, SINK, 30) + "," +
            transfer(1003, LIMITED, SINK, 21) + "," +
            transfer(1001, SOURCE, LIMITED, 50) + "," +
            transfer(1004, LIMITED, LIMITED, 1) + "," +
            transfer(1005, LIMITED, 424242, 1) + "]"));
        assertThat(results(answer)).containsExactly(
            "ok", "exceeds_credits", "exists", "accounts_must_be_different", "credit_account_not_found");

        final Map<String, Object> limited = ok(get("/v1/accounts/" + LIMITED));
        assertThat(limited).containsEntry("credits_posted", "50").containsEntry("debits_posted", "30")
            .containsEntry("debits_pending", "0").containsEntry("credits_pending", "0")
            .containsEntry("flags", List.of("debits_must_not_exceed_credits"));

        // exceeds_credits is transient: the id is burned, so a retry can never apply twice.
        assertThat(results(ok(post("/v1/transfers", "[" + transfer(1003, LIMITED, SINK, 21) + "]"))))
            .containsExactly("id_already_failed");
        problem(get("/v1/transfers/1003"), 404, "transfer_not_found", null);
    }

    @Test
    void shouldFailALinkedChainTogetherAndApplyNothingOfIt() throws Exception
    {
        createAccounts(1101, 1102);
        final Map<String, Object> answer = ok(post("/v1/transfers", "[" +
            transfer(1103, 1101, 1102, 5).replace("\"code\":1", "\"code\":1,\"flags\":[\"linked\"]") + "," +
            transfer(1104, 1101, 1101, 5) + "]"));
        assertThat(results(answer)).containsExactly("linked_event_failed", "accounts_must_be_different");
        assertThat(ok(get("/v1/accounts/1101"))).containsEntry("debits_posted", "0");
        assertThat(ok(get("/v1/accounts/1102"))).containsEntry("credits_posted", "0");
        assertThat(list(ok(post("/v1/transfers/lookup", "{\"ids\":[\"1103\",\"1104\"]}")).get("transfers"))).isEmpty();
    }

    @Test
    void shouldApplyTheSameTransferOnceWhenPostedTwice() throws Exception
    {
        createAccounts(1201, 1202);
        final String body = "[" + transfer(1203, 1201, 1202, 10) + "]";
        assertThat(results(ok(post("/v1/transfers", body)))).containsExactly("ok");
        assertThat(results(ok(post("/v1/transfers", body)))).containsExactly("exists");
        assertThat(ok(get("/v1/accounts/1201"))).containsEntry("debits_posted", "10");
        assertThat(ok(get("/v1/accounts/1202"))).containsEntry("credits_posted", "10");
        assertThat(list(ok(get("/v1/accounts/1202/transfers")).get("transfers"))).hasSize(1);
    }

    @Test
    void shouldGetATransferById() throws Exception
    {
        createAccounts(1301, 1302);
        assertThat(results(ok(post("/v1/transfers", "[{\"id\":\"1303\",\"debit_account_id\":\"1301\"," +
            "\"credit_account_id\":1302,\"amount\":\"340282366920938463463374607431768211455\"," +
            "\"user_data_128\":\"" + TWO_POW_128.replace("456", "455") + "\"," +
            "\"user_data_64\":\"18446744073709551615\"," +
            "\"user_data_32\":4294967295,\"ledger\":700,\"code\":65535}]")))).containsExactly("ok");
        final Map<String, Object> transfer = ok(get("/v1/transfers/1303"));
        assertThat(transfer).containsEntry("id", "1303").containsEntry("debit_account_id", "1301")
            .containsEntry("credit_account_id", "1302")
            .containsEntry("amount", "340282366920938463463374607431768211455")
            .containsEntry("pending_id", "0")
            .containsEntry("user_data_128", "340282366920938463463374607431768211455")
            .containsEntry("user_data_64", "18446744073709551615").containsEntry("user_data_32", 4294967295L)
            .containsEntry("timeout", 0L).containsEntry("ledger", (long)LEDGER).containsEntry("code", 65535L)
            .containsEntry("flags", List.of());
        assertThat(new BigInteger((String)transfer.get("timestamp"))).isPositive();
        assertThat(ok(get("/v1/accounts/1302")))
            .containsEntry("credits_posted", "340282366920938463463374607431768211455");
    }

    @Test
    void shouldLookUpAccountsAndTransfersInRequestOrderSkippingMissingOnes() throws Exception
    {
        createAccounts(1401, 1402);
        assertThat(results(ok(post("/v1/transfers", "[" + transfer(1403, 1401, 1402, 3) + "," +
            transfer(1404, 1402, 1401, 1) + "]")))).containsExactly("ok", "ok");

        final Map<String, Object> accounts = ok(post("/v1/accounts/lookup", "{\"ids\":[\"1402\",\"1499\",1401]}"));
        assertThat(list(accounts.get("accounts"))).extracting(a -> object(a).get("id")).containsExactly("1402", "1401");
        assertThat(object(list(accounts.get("accounts")).get(0))).containsEntry("credits_posted", "3")
            .containsEntry("debits_posted", "1");
        assertThat(accounts).doesNotContainKey("next");

        final Map<String, Object> transfers =
            ok(post("/v1/transfers/lookup", "{\"ids\":[\"1404\",\"1499\",\"1403\"]}"));
        assertThat(list(transfers.get("transfers"))).extracting(t -> object(t).get("id")).containsExactly("1404", "1403");
        assertThat(object(list(transfers.get("transfers")).get(1))).containsEntry("amount", "3");
        assertThat(list(ok(post("/v1/accounts/lookup", "{\"ids\":[\"1499\"]}")).get("accounts"))).isEmpty();
    }

    @Test
    void shouldPageAnAccountsTransfersWithANextCursor() throws Exception
    {
        createAccounts(1501, 1502);
        assertThat(results(ok(post("/v1/transfers", "[" + transfer(1503, 1501, 1502, 7) + "]"))))
            .containsExactly("ok");
        assertThat(results(ok(post("/v1/transfers", "[" + transfer(1504, 1502, 1501, 2) + "]"))))
            .containsExactly("ok");
        final String first = (String)ok(get("/v1/transfers/1503")).get("timestamp");
        final String second = (String)ok(get("/v1/transfers/1504")).get("timestamp");

        final Map<String, Object> all = ok(get("/v1/accounts/1502/transfers"));
        assertThat(ids(all, "transfers")).containsExactly("1503", "1504");
        assertThat(all).containsEntry("next", null);

        final Map<String, Object> page1 = ok(get("/v1/accounts/1502/transfers?limit=1"));
        assertThat(ids(page1, "transfers")).containsExactly("1503");
        assertThat(page1.get("next")).isEqualTo(new BigInteger(first).add(BigInteger.ONE).toString());
        final Map<String, Object> page2 =
            ok(get("/v1/accounts/1502/transfers?limit=1&timestamp_min=" + page1.get("next")));
        assertThat(ids(page2, "transfers")).containsExactly("1504");
        assertThat(page2.get("next")).isEqualTo(new BigInteger(second).add(BigInteger.ONE).toString());
        final Map<String, Object> page3 =
            ok(get("/v1/accounts/1502/transfers?limit=1&timestamp_min=" + page2.get("next")));
        assertThat(ids(page3, "transfers")).isEmpty();
        assertThat(page3).containsEntry("next", null);

        final Map<String, Object> reversed = ok(get("/v1/accounts/1502/transfers?limit=1&reversed=true"));
        assertThat(ids(reversed, "transfers")).containsExactly("1504");
        assertThat(reversed.get("next")).isEqualTo(new BigInteger(second).subtract(BigInteger.ONE).toString());
        assertThat(ids(ok(get("/v1/accounts/1502/transfers?reversed=true&timestamp_max=" + reversed.get("next"))),
            "transfers")).containsExactly("1503");

        assertThat(ids(ok(get("/v1/accounts/1502/transfers?debits=false")), "transfers")).containsExactly("1503");
        assertThat(ids(ok(get("/v1/accounts/1502/transfers?credits=false")), "transfers")).containsExactly("1504");
        assertThat(ids(ok(get("/v1/accounts/1599/transfers")), "transfers")).isEmpty();
    }

    @Test
    void shouldListTheBalancesOfAHistoryAccount() throws Exception
    {
        createAccounts(1601);
        assertThat(results(ok(post("/v1/transfers", "[" + transfer(1602, 1601, HISTORY, 30) + "]"))))
            .containsExactly("ok");
        assertThat(results(ok(post("/v1/transfers", "[" + transfer(1603, HISTORY, 1601, 10) + "]"))))
            .containsExactly("ok");
        final String first = (String)ok(get("/v1/transfers/1602")).get("timestamp");
        final String second = (String)ok(get("/v1/transfers/1603")).get("timestamp");

        final Map<String, Object> all = ok(get("/v1/accounts/" + HISTORY + "/balances"));
        final List<Object> balances = list(all.get("balances"));
        assertThat(balances).hasSize(2);
        assertThat(object(balances.get(0))).containsExactly(
            Map.entry("timestamp", first), Map.entry("debits_pending", "0"), Map.entry("debits_posted", "0"),
            Map.entry("credits_pending", "0"), Map.entry("credits_posted", "30"));
        assertThat(object(balances.get(1))).containsExactly(
            Map.entry("timestamp", second), Map.entry("debits_pending", "0"), Map.entry("debits_posted", "10"),
            Map.entry("credits_pending", "0"), Map.entry("credits_posted", "30"));
        assertThat(all).containsEntry("next", null);

        final Map<String, Object> page1 = ok(get("/v1/accounts/" + HISTORY + "/balances?limit=1"));
        assertThat(list(page1.get("balances"))).extracting(b -> object(b).get("timestamp")).containsExactly(first);
        assertThat(page1.get("next")).isEqualTo(new BigInteger(first).add(BigInteger.ONE).toString());
        final Map<String, Object> page2 = ok(get("/v1/accounts/" + HISTORY + "/balances?limit=1&timestamp_min=" +
            page1.get("next")));
        assertThat(list(page2.get("balances"))).extracting(b -> object(b).get("timestamp")).containsExactly(second);

        final Map<String, Object> account = ok(get("/v1/accounts/" + HISTORY));
        assertThat(account).containsEntry("credits_posted", "30").containsEntry("debits_posted", "10")
            .containsEntry("flags", List.of("history"));
        // As in TigerBeetle: an account without the history flag has no balances to list.
        final Map<String, Object> none = ok(get("/v1/accounts/1601/balances"));
        assertThat(list(none.get("balances"))).isEmpty();
        assertThat(none).containsEntry("next", null);
    }

    @Test
    void shouldQueryAccountsPageByPage() throws Exception
    {
        assertThat(results(ok(post("/v1/accounts", "[" +
            "{\"id\":\"1701\",\"user_data_128\":\"880001\",\"ledger\":700,\"code\":9}," +
            "{\"id\":\"1702\",\"user_data_128\":\"880001\",\"ledger\":700,\"code\":9}," +
            "{\"id\":\"1703\",\"user_data_128\":\"880002\",\"ledger\":700,\"code\":9}]"))))
            .containsExactly("ok", "ok", "ok");
        final String first = (String)ok(get("/v1/accounts/1701")).get("timestamp");

        final Map<String, Object> all = ok(post("/v1/accounts/query", "{\"user_data_128\":\"880001\"}"));
        assertThat(ids(all, "accounts")).containsExactly("1701", "1702");
        assertThat(all).containsEntry("next", null);

        final Map<String, Object> page1 = ok(post("/v1/accounts/query", "{\"user_data_128\":\"880001\",\"limit\":1}"));
        assertThat(ids(page1, "accounts")).containsExactly("1701");
        assertThat(page1.get("next")).isEqualTo(new BigInteger(first).add(BigInteger.ONE).toString());
        final Map<String, Object> page2 = ok(post("/v1/accounts/query",
            "{\"user_data_128\":\"880001\",\"limit\":1,\"timestamp_min\":\"" + page1.get("next") + "\"}"));
        assertThat(ids(page2, "accounts")).containsExactly("1702");
        assertThat(page2.get("next")).isNotNull();
        final Map<String, Object> page3 = ok(post("/v1/accounts/query",
            "{\"user_data_128\":\"880001\",\"limit\":1,\"timestamp_min\":\"" + page2.get("next") + "\"}"));
        assertThat(ids(page3, "accounts")).isEmpty();
        assertThat(page3).containsEntry("next", null);

        assertThat(ids(ok(post("/v1/accounts/query", "{\"user_data_128\":\"880001\",\"reversed\":true}")), "accounts"))
            .containsExactly("1702", "1701");
        assertThat(ids(ok(post("/v1/accounts/query", "{\"code\":9,\"ledger\":700}")), "accounts"))
            .containsExactly("1701", "1702", "1703");
    }

    @Test
    void shouldQueryTransfersPageByPage() throws Exception
    {
        createAccounts(1801, 1802);
        assertThat(results(ok(post("/v1/transfers", "[" +
            transfer(1803, 1801, 1802, 1).replace("\"code\":1", "\"code\":1,\"user_data_64\":\"990001\"") + "," +
            transfer(1804, 1801, 1802, 2).replace("\"code\":1", "\"code\":1,\"user_data_64\":\"990001\"") + "," +
            transfer(1805, 1801, 1802, 3) + "]")))).containsExactly("ok", "ok", "ok");

        final Map<String, Object> page1 = ok(post("/v1/transfers/query", "{\"user_data_64\":\"990001\",\"limit\":1}"));
        assertThat(ids(page1, "transfers")).containsExactly("1803");
        assertThat(page1.get("next")).isNotNull();
        final Map<String, Object> page2 = ok(post("/v1/transfers/query",
            "{\"user_data_64\":\"990001\",\"limit\":1,\"timestamp_min\":\"" + page1.get("next") + "\"}"));
        assertThat(ids(page2, "transfers")).containsExactly("1804");
        assertThat(object(list(page2.get("transfers")).get(0))).containsEntry("amount", "2");
        final Map<String, Object> all = ok(post("/v1/transfers/query", "{\"user_data_64\":990001}"));
        assertThat(ids(all, "transfers")).containsExactly("1803", "1804");
        assertThat(all).containsEntry("next", null);
    }

    @Test
    void shouldServeOpenApiMetricsAndHealth() throws Exception
    {
        final Map<String, Object> openApi = ok(get("/v1/openapi.json"));
        assertThat(openApi).containsKey("openapi");
        assertThat(object(openApi.get("paths"))).containsKeys("/v1/accounts", "/v1/transfers", "/v1/accounts/{id}");

        final Reply metrics = get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("text/plain");
        assertThat(metrics.body()).contains("ledger_accounts ", "ledger_transfer_events_total{result=\"ok\"}");

        assertThat(ok(get("/health/live"))).containsEntry("status", "live");
        assertThat(ok(get("/health/ready"))).containsEntry("status", "ready");
    }

    // ---------------------------------------------------------------------------------------------- 404 405 415

    @Test
    void shouldAnswer404ForUnknownRoutesAndMissingRecords() throws Exception
    {
        for (final String path : List.of("/", "/v1", "/v1/nothing", "/v2/accounts", "/v1/accounts/1/nothing",
            "/v1/transfers/1/transfers", "/v1/accounts/1/transfers/x", "/v1/accounts//transfers"))
        {
            problem(get(path), 404, "route_not_found", null);
        }
        problem(post("/v1/nothing", "[]"), 404, "route_not_found", null);
        problem(get("/v1/accounts/987654321"), 404, "account_not_found", null);
        problem(get("/v1/transfers/987654321"), 404, "transfer_not_found", null);
    }

    @Test
    void shouldAnswer405WithAnAllowHeaderForAWrongMethod() throws Exception
    {
        final String[][] cases = {
            { "GET", "/v1/accounts", "POST" },
            { "GET", "/v1/transfers", "POST" },
            { "GET", "/v1/accounts/lookup", "POST" },
            { "GET", "/v1/transfers/query", "POST" },
            { "PUT", "/v1/accounts", "POST" },
            { "DELETE", "/v1/transfers", "POST" },
            { "POST", "/v1/accounts/1", "GET" },
            { "DELETE", "/v1/accounts/1", "GET" },
            { "POST", "/v1/transfers/1", "GET" },
            { "POST", "/v1/accounts/1/transfers", "GET" },
            { "POST", "/v1/accounts/1/balances", "GET" },
            { "POST", "/health/live", "GET" },
            { "POST", "/metrics", "GET" },
            { "PATCH", "/v1/openapi.json", "GET" },
        };
        for (final String[] c : cases)
        {
            final HttpRequest.BodyPublisher body = "GET".equals(c[0]) ?
                HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("[]");
            final Reply reply = send(HttpRequest.newBuilder(uri(c[1]))
                .header("Content-Type", JSON)
                .method(c[0], body));
            problem(reply, 405, "method_not_allowed", null);
            assertThat(reply.headers().allValues("Allow")).as("Allow of %s %s", c[0], c[1]).containsExactly(c[2]);
        }
    }

    @Test
    void shouldAnswer415ForAPostWithoutJsonContentTypeAndApplyNothing() throws Exception
    {
        final long id = REFUSED_IDS.addAndGet(10);
        final String body = "[" + account(id, "") + "]";
        problem(send(HttpRequest.newBuilder(uri("/v1/accounts")).POST(HttpRequest.BodyPublishers.ofString(body))),
            415, "unsupported_media_type", null);
        problem(send(HttpRequest.newBuilder(uri("/v1/accounts")).header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString(body))), 415, "unsupported_media_type", null);
        problem(send(HttpRequest.newBuilder(uri("/v1/accounts")).header("Content-Type", "application/jsonx")
            .POST(HttpRequest.BodyPublishers.ofString(body))), 415, "unsupported_media_type", null);
        problem(send(HttpRequest.newBuilder(uri("/v1/accounts/lookup")).header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString("{\"ids\":[\"1\"]}"))), 415, "unsupported_media_type", null);
        problem(send(HttpRequest.newBuilder(uri("/v1/transfers/query"))
            .POST(HttpRequest.BodyPublishers.ofString("{}"))), 415, "unsupported_media_type", null);
        assertAccountsAbsent(id);
    }

    // ---------------------------------------------------------------------------------------------- 413

    @Test
    void shouldAnswer413ForADeclaredBodyOver2MiBAndApplyNothing() throws Exception
    {
        final long id = REFUSED_IDS.addAndGet(10);
        final byte[] body = paddedBatch("[" + account(id, "") + "]", BODY_MAX + 1);
        final RawReply reply = raw("POST /v1/accounts HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
            "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n", body, 20_000);
        rawProblem(reply, 413, "body_too_large");
        assertAccountsAbsent(id);
    }

    /** API.md: a body over 2 MiB is a 413 however it is framed, here without a Content-Length. */
    @Test
    void shouldAnswer413ForAChunkedBodyOver2MiBAndApplyNothing() throws Exception
    {
        final long id = REFUSED_IDS.addAndGet(10);
        final byte[] body = paddedBatch("[" + account(id, "") + "]", BODY_MAX + 1);
        final RawReply reply = raw("POST /v1/accounts HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", chunked(body), 20_000);
        rawProblem(reply, 413, "body_too_large");
        assertAccountsAbsent(id);
    }

    /** A chunked body is collected whole however it is cut, up to exactly 2 MiB. */
    @ParameterizedTest
    @ValueSource(ints = {300, BODY_MAX})
    void shouldAcceptAChunkedBodyUpTo2MiB(final int size) throws Exception
    {
        final long id = 1950 + size % 7;
        final byte[] body = paddedBatch("[" + account(id, "") + "]", size);
        final RawReply reply = raw("POST /v1/accounts HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", chunked(body), 20_000);
        assertThat(reply.statusLine()).as("status line of %s", reply).startsWith("HTTP/1.1 200 ");
        assertThat(results(object(parse(reply.body())))).containsExactly("ok");
        assertThat(ok(get("/v1/accounts/" + id))).containsEntry("id", Long.toString(id));
    }

    /** The body in chunks of 64 KiB and then one of 1000 bytes and the rest, as HTTP/1.1 chunked framing. */
    private static byte[] chunked(final byte[] body)
    {
        final ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        int at = 0;
        while (at < body.length)
        {
            final int length = Math.min(body.length - at < 64 * 1024 ? 1000 : 64 * 1024, body.length - at);
            chunked.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunked.write(body, at, length);
            chunked.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            at += length;
        }
        chunked.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return chunked.toByteArray();
    }

    @Test
    void shouldAcceptABodyOfExactly2MiB() throws Exception
    {
        final byte[] body = paddedBatch("[" + account(1901, "") + "]", BODY_MAX);
        assertThat(body).hasSize(BODY_MAX);
        final Reply reply = send(HttpRequest.newBuilder(uri("/v1/accounts")).header("Content-Type", JSON)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertThat(results(ok(reply))).containsExactly("ok");
    }

    // ---------------------------------------------------------------------------------------------- 400 bodies

    static Stream<Arguments> refusedTransfers()
    {
        return Stream.of(
            Arguments.of("negative amount", "\"amount\":-5", "invalid_number", "$[1].amount"),
            Arguments.of("negative amount string", "\"amount\":\"-5\"", "invalid_number", "$[1].amount"),
            Arguments.of("fractional amount", "\"amount\":1.5", "invalid_number", "$[1].amount"),
            Arguments.of("fractional amount string", "\"amount\":\"1.5\"", "invalid_number", "$[1].amount"),
            Arguments.of("exponent amount", "\"amount\":1e3", "invalid_number", "$[1].amount"),
            Arguments.of("exponent amount string", "\"amount\":\"1e3\"", "invalid_number", "$[1].amount"),
            Arguments.of("2^128 amount string", "\"amount\":\"" + TWO_POW_128 + "\"", "invalid_number", "$[1].amount"),
            Arguments.of("2^128 amount number", "\"amount\":" + TWO_POW_128, "invalid_number", "$[1].amount"),
            Arguments.of("2^53 amount number", "\"amount\":9007199254740992", "invalid_number", "$[1].amount"),
            Arguments.of("leading plus amount string", "\"amount\":\"+5\"", "invalid_number", "$[1].amount"),
            Arguments.of("hex amount string", "\"amount\":\"0x10\"", "invalid_number", "$[1].amount"),
            Arguments.of("empty amount string", "\"amount\":\"\"", "invalid_number", "$[1].amount"),
            Arguments.of("null amount", "\"amount\":null", "invalid_number", "$[1].amount"),
            Arguments.of("boolean amount", "\"amount\":true", "invalid_number", "$[1].amount"),
            Arguments.of("2^64 user_data_64", "\"amount\":\"1\",\"user_data_64\":\"" + TWO_POW_64 + "\"",
                "invalid_number", "$[1].user_data_64"),
            Arguments.of("2^128 id", "\"amount\":\"1\",\"pending_id\":\"" + TWO_POW_128 + "\"",
                "invalid_number", "$[1].pending_id"),
            Arguments.of("string ledger", "\"amount\":\"1\",\"ledger\":\"700\"", "invalid_number", "$[1].ledger"),
            Arguments.of("2^32 ledger", "\"amount\":\"1\",\"ledger\":4294967296", "invalid_number", "$[1].ledger"),
            Arguments.of("2^16 code", "\"amount\":\"1\",\"code\":65536", "invalid_number", "$[1].code"),
            Arguments.of("negative timeout", "\"amount\":\"1\",\"timeout\":-1", "invalid_number", "$[1].timeout"),
            Arguments.of("unknown field", "\"amount\":\"1\",\"amout\":\"1\"", "unknown_field", "$[1].amout"),
            Arguments.of("unknown flag", "\"amount\":\"1\",\"flags\":[\"pending\",\"pendng\"]", "unknown_flag",
                "$[1].flags[1]"),
            Arguments.of("flags not an array", "\"amount\":\"1\",\"flags\":\"pending\"", "invalid_type",
                "$[1].flags"),
            Arguments.of("duplicate field", "\"amount\":\"1\",\"amount\":\"2\"", "duplicate_field", "$[1].amount"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedTransfers")
    void shouldRefuseABadTransferNamingTheFieldAndApplyNothingOfTheBatch(
        final String name, final String badFields, final String error, final String field) throws Exception
    {
        final long validId = REFUSED_IDS.addAndGet(10);
        final Map<String, Object> sourceBefore = ok(get("/v1/accounts/" + SOURCE));
        final Map<String, Object> sinkBefore = ok(get("/v1/accounts/" + SINK));
        final String valid = transfer(validId, SOURCE, SINK, 7);
        final String bad = "{\"id\":\"" + (validId + 1) + "\",\"debit_account_id\":\"" + SOURCE +
            "\",\"credit_account_id\":\"" + SINK + "\"," +
            (badFields.contains("\"ledger\"") ? "" : "\"ledger\":700,") +
            (badFields.contains("\"code\"") ? "" : "\"code\":1,") + badFields + "}";
        problem(post("/v1/transfers", "[" + valid + "," + bad + "]"), 400, error, field);
        assertNothingApplied(sourceBefore, sinkBefore, validId, validId + 1);
    }

    static Stream<Arguments> malformedTransferBatches()
    {
        final String valid = "{\"id\":\"%d\",\"debit_account_id\":\"1\",\"credit_account_id\":\"4\",\"amount\":\"7\"," +
            "\"ledger\":700,\"code\":1}";
        return Stream.of(
            Arguments.of("truncated", "[" + valid + ",{\"id\":", "malformed_json", null),
            Arguments.of("trailing comma", "[" + valid + ",]", "malformed_json", null),
            Arguments.of("trailing content", "[" + valid + "] x", "malformed_json", null),
            Arguments.of("two values", "[" + valid + "][]", "malformed_json", null),
            Arguments.of("single quotes", "[" + valid + ",{'id':'5'}]", "malformed_json", null),
            Arguments.of("an object, not an array", valid, "invalid_type", "$"),
            Arguments.of("an array of numbers", "[" + valid + ",5]", "invalid_type", "$[1]"),
            // API.md: a leading + or hex is a 400 naming the field, also when it is a bare JSON token.
            Arguments.of("bare leading plus amount", "[" + valid + "," + valid.replace("\"7\"", "+7") + "]",
                "malformed_json", "$[1].amount"),
            Arguments.of("bare hex amount", "[" + valid + "," + valid.replace("\"7\"", "0x10") + "]",
                "malformed_json", "$[1].amount"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedTransferBatches")
    void shouldRefuseMalformedJsonAndApplyNothing(
        final String name, final String template, final String error, final String field) throws Exception
    {
        final long validId = REFUSED_IDS.addAndGet(10);
        final Map<String, Object> sourceBefore = ok(get("/v1/accounts/" + SOURCE));
        final Map<String, Object> sinkBefore = ok(get("/v1/accounts/" + SINK));
        problem(post("/v1/transfers", template.replace("%d", Long.toString(validId))), 400, error, field);
        assertNothingApplied(sourceBefore, sinkBefore, validId);
    }

    @Test
    void shouldRefuseAnEmptyBody() throws Exception
    {
        for (final String path : List.of("/v1/accounts", "/v1/transfers", "/v1/accounts/lookup",
            "/v1/transfers/lookup", "/v1/accounts/query", "/v1/transfers/query"))
        {
            problem(post(path, ""), 400, "malformed_json", null);
            problem(post(path, "  \n "), 400, "malformed_json", null);
        }
    }

    @Test
    void shouldRefuseBadAccountsNamingTheFieldAndApplyNothing() throws Exception
    {
        final String[][] cases = {
            { "\"debits_posted\":-1", "invalid_number", "$[1].debits_posted" },
            { "\"user_data_64\":\"" + TWO_POW_64 + "\"", "invalid_number", "$[1].user_data_64" },
            { "\"user_data_32\":4294967296", "invalid_number", "$[1].user_data_32" },
            { "\"flags\":[\"histroy\"]", "unknown_flag", "$[1].flags[0]" },
            { "\"ledgr\":700", "unknown_field", "$[1].ledgr" },
            { "\"code\":1", "duplicate_field", "$[1].code" },
        };
        for (final String[] c : cases)
        {
            final long id = REFUSED_IDS.addAndGet(10);
            final String bad = "{\"id\":\"" + (id + 1) + "\",\"ledger\":700,\"code\":1," + c[0] + "}";
            problem(post("/v1/accounts", "[" + account(id, "") + "," + bad + "]"), 400, c[1], c[2]);
            assertAccountsAbsent(id, id + 1);
        }
    }

    @Test
    void shouldRefuseBatchesOfZeroOr8190Events() throws Exception
    {
        problem(post("/v1/accounts", "[]"), 400, "batch_empty", "$");
        problem(post("/v1/transfers", "[ ]"), 400, "batch_empty", "$");

        final long first = REFUSED_IDS.addAndGet(10_000);
        final StringBuilder accounts = new StringBuilder("[");
        for (int i = 0; i <= BATCH_EVENTS_MAX; i++)
        {
            accounts.append(i == 0 ? "" : ",").append(account(first + i, ""));
        }
        problem(post("/v1/accounts", accounts.append(']').toString()), 400, "batch_too_large", "$");
        assertAccountsAbsent(first, first + BATCH_EVENTS_MAX - 1, first + BATCH_EVENTS_MAX);

        final Map<String, Object> sourceBefore = ok(get("/v1/accounts/" + SOURCE));
        final Map<String, Object> sinkBefore = ok(get("/v1/accounts/" + SINK));
        final long firstTransfer = REFUSED_IDS.addAndGet(10_000);
        final StringBuilder transfers = new StringBuilder("[");
        for (int i = 0; i <= BATCH_EVENTS_MAX; i++)
        {
            transfers.append(i == 0 ? "" : ",").append(transfer(firstTransfer + i, SOURCE, SINK, 1));
        }
        problem(post("/v1/transfers", transfers.append(']').toString()), 400, "batch_too_large", "$");
        assertNothingApplied(sourceBefore, sinkBefore, firstTransfer, firstTransfer + BATCH_EVENTS_MAX);
    }

    @Test
    void shouldRefuseBadLookups() throws Exception
    {
        problem(post("/v1/accounts/lookup", "{\"ids\":[]}"), 400, "batch_empty", "$.ids");
        problem(post("/v1/accounts/lookup", "{}"), 400, "batch_empty", "$.ids");
        problem(post("/v1/transfers/lookup", "{\"idz\":[\"1\"]}"), 400, "unknown_field", "$.idz");
        problem(post("/v1/transfers/lookup", "{\"ids\":[\"1\",\"-1\"]}"), 400, "invalid_number", "$.ids[1]");
        problem(post("/v1/accounts/lookup", "{\"ids\":[\"" + TWO_POW_128 + "\"]}"), 400, "invalid_number", "$.ids[0]");
        problem(post("/v1/accounts/lookup", "{\"ids\":\"1\"}"), 400, "invalid_type", "$.ids");
        problem(post("/v1/accounts/lookup", "[\"1\"]"), 400, "invalid_type", "$");
        final StringBuilder ids = new StringBuilder("{\"ids\":[");
        for (int i = 0; i <= BATCH_EVENTS_MAX; i++)
        {
            ids.append(i == 0 ? "\"" : ",\"").append(i + 1).append('"');
        }
        problem(post("/v1/accounts/lookup", ids.append("]}").toString()), 400, "batch_too_large", "$.ids");
    }

    @Test
    void shouldRefuseBadQueryFilters() throws Exception
    {
        for (final String path : List.of("/v1/accounts/query", "/v1/transfers/query"))
        {
            problem(post(path, "{\"limit\":0}"), 400, "invalid_limit", "$.limit");
            problem(post(path, "{\"limit\":8190}"), 400, "invalid_limit", "$.limit");
            problem(post(path, "{\"limit\":-1}"), 400, "invalid_number", "$.limit");
            problem(post(path, "{\"limit\":\"10\"}"), 400, "invalid_number", "$.limit");
            problem(post(path, "{\"ledgr\":700}"), 400, "unknown_field", "$.ledgr");
            problem(post(path, "{\"ledger\":\"700\"}"), 400, "invalid_number", "$.ledger");
            problem(post(path, "{\"user_data_64\":\"" + TWO_POW_64 + "\"}"), 400, "invalid_number", "$.user_data_64");
            problem(post(path, "{\"reversed\":\"true\"}"), 400, "invalid_boolean", "$.reversed");
            problem(post(path, "{\"limit\":1,\"limit\":2}"), 400, "duplicate_field", "$.limit");
            problem(post(path, "{\"timestamp_min\":\"5\",\"timestamp_max\":\"4\"}"), 400, "invalid_timestamp_range",
                "$.timestamp_min");
            assertThat(ok(post(path, "{\"limit\":8189}"))).containsKey("next");
        }
    }

    // ---------------------------------------------------------------------------------------------- 400 query/path

    @Test
    void shouldRefuseUnknownBadOrRepeatedQueryParameters() throws Exception
    {
        for (final String route :
            List.of("/v1/accounts/" + SOURCE + "/transfers", "/v1/accounts/" + HISTORY + "/balances"))
        {
            problem(get(route + "?limit=0"), 400, "invalid_limit", "limit");
            problem(get(route + "?limit=8190"), 400, "invalid_limit", "limit");
            problem(get(route + "?limit=" + TWO_POW_128), 400, "invalid_limit", "limit");
            problem(get(route + "?limit=abc"), 400, "invalid_number", "limit");
            problem(get(route + "?limit=-1"), 400, "invalid_number", "limit");
            problem(get(route + "?foo=1"), 400, "unknown_parameter", "foo");
            problem(get(route + "?limit=10&zeta=1&beta=2"), 400, "unknown_parameter", "beta");
            problem(get(route + "?limit=1&limit=2"), 400, "repeated_parameter", "limit");
            problem(get(route + "?timestamp_min=x"), 400, "invalid_number", "timestamp_min");
            problem(get(route + "?timestamp_max=" + TWO_POW_64), 400, "invalid_number", "timestamp_max");
            problem(get(route + "?timestamp_min=9&timestamp_max=8"), 400, "invalid_timestamp_range", "timestamp_min");
            problem(get(route + "?reversed=yes"), 400, "invalid_boolean", "reversed");
            problem(get(route + "?debits=false&credits=false"), 400, "invalid_filter", "debits");
            assertThat(ok(get(route + "?limit=8189"))).containsKey("next");
        }
        problem(get("/v1/accounts/" + SOURCE + "?verbose=1"), 400, "unknown_parameter", "verbose");
        problem(get("/v1/transfers/1001?x=1"), 400, "unknown_parameter", "x");

        final long id = REFUSED_IDS.addAndGet(10);
        problem(post("/v1/accounts?dry_run=true", "[" + account(id, "") + "]"), 400, "unknown_parameter", "dry_run");
        assertAccountsAbsent(id);
        problem(post("/v1/accounts/lookup?limit=1", "{\"ids\":[\"1\"]}"), 400, "unknown_parameter", "limit");
        problem(post("/v1/transfers/query?limit=1", "{}"), 400, "unknown_parameter", "limit");
    }

    @Test
    void shouldRefuseANonNumericPathId() throws Exception
    {
        for (final String id : List.of("abc", "-1", "%2B1", "0x10", "1.5", "1e3", "%20", TWO_POW_128))
        {
            problem(get("/v1/accounts/" + id), 400, "invalid_number", "id");
            problem(get("/v1/transfers/" + id), 400, "invalid_number", "id");
            problem(get("/v1/accounts/" + id + "/transfers"), 400, "invalid_number", "id");
            problem(get("/v1/accounts/" + id + "/balances"), 400, "invalid_number", "id");
        }
    }

    // ---------------------------------------------------------------------------------------------- 408

    @Test
    void shouldAnswer408AndCloseWhenTheBodyDoesNotArrive() throws Exception
    {
        final long id = REFUSED_IDS.addAndGet(10);
        final String partial = "[" + account(id, "");
        try (Socket socket = new Socket())
        {
            socket.connect(new InetSocketAddress("127.0.0.1", node.httpPort()), 5_000);
            socket.setSoTimeout(20_000);
            final OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/accounts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
                "Content-Length: 100\r\n\r\n" + partial).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final long startNs = System.nanoTime();
            final RawReply reply = readReply(socket.getInputStream(), true);
            final long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;
            rawProblem(reply, 408, "request_timeout");
            assertThat(elapsedMs).as("408 after about 10 s").isBetween(9_000L, 12_500L);
            assertThat(reply.closed()).as("the connection is closed after the 408").isTrue();
        }
        assertAccountsAbsent(id);
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static void assertNothingApplied(
        final Map<String, Object> sourceBefore, final Map<String, Object> sinkBefore, final long... transferIds)
        throws Exception
    {
        assertThat(ok(get("/v1/accounts/" + SOURCE))).as("the source's balances are unchanged").isEqualTo(sourceBefore);
        assertThat(ok(get("/v1/accounts/" + SINK))).as("the sink's balances are unchanged").isEqualTo(sinkBefore);
        final StringBuilder ids = new StringBuilder("{\"ids\":[");
        for (int i = 0; i < transferIds.length; i++)
        {
            ids.append(i == 0 ? "\"" : ",\"").append(transferIds[i]).append('"');
            problem(get("/v1/transfers/" + transferIds[i]), 404, "transfer_not_found", null);
        }
        assertThat(list(ok(post("/v1/transfers/lookup", ids.append("]}").toString())).get("transfers")))
            .as("no transfer of the refused batch exists").isEmpty();
        // The ids are not burned either: the valid transfer applies now, once.
        assertThat(results(ok(post("/v1/transfers", "[" + transfer(transferIds[0], SOURCE, SINK, 1) + "]"))))
            .containsExactly("ok");
    }

    private static void assertAccountsAbsent(final long... accountIds) throws Exception
    {
        final StringBuilder ids = new StringBuilder("{\"ids\":[");
        for (int i = 0; i < accountIds.length; i++)
        {
            ids.append(i == 0 ? "\"" : ",\"").append(accountIds[i]).append('"');
            problem(get("/v1/accounts/" + accountIds[i]), 404, "account_not_found", null);
        }
        assertThat(list(ok(post("/v1/accounts/lookup", ids.append("]}").toString())).get("accounts")))
            .as("no account of the refused request exists").isEmpty();
    }

    private static void createAccounts(final long... ids) throws Exception
    {
        final StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < ids.length; i++)
        {
            batch.append(i == 0 ? "" : ",").append(account(ids[i], ""));
        }
        assertThat(results(ok(post("/v1/accounts", batch.append(']').toString())))).containsOnly("ok");
    }

    private static String account(final long id, final String flags)
    {
        return "{\"id\":\"" + id + "\",\"ledger\":" + LEDGER + ",\"code\":1" +
            (flags.isEmpty() ? "" : ",\"flags\":[" + flags + "]") + "}";
    }

    private static String transfer(final long id, final long debit, final long credit, final long amount)
    {
        return "{\"id\":\"" + id + "\",\"debit_account_id\":\"" + debit + "\",\"credit_account_id\":\"" + credit +
            "\",\"amount\":\"" + amount + "\",\"ledger\":" + LEDGER + ",\"code\":1}";
    }

    /** The JSON text padded with spaces after its opening bracket to exactly {@code length} bytes. */
    private static byte[] paddedBatch(final String json, final int length)
    {
        final byte[] text = json.getBytes(StandardCharsets.UTF_8);
        final byte[] body = new byte[length];
        Arrays.fill(body, (byte)' ');
        body[0] = text[0];
        System.arraycopy(text, 1, body, length - (text.length - 1), text.length - 1);
        return body;
    }

    private static List<String> results(final Reply reply)
    {
        return results(ok(reply));
    }

    private static List<String> results(final Map<String, Object> answer)
    {
        assertThat(answer).containsOnlyKeys("results");
        final List<String> results = new ArrayList<>();
        for (final Object result : list(answer.get("results")))
        {
            assertThat(object(result)).containsOnlyKeys("index", "result");
            results.add((String)object(result).get("result"));
        }
        return results;
    }

    private static List<Object> ids(final Map<String, Object> page, final String key)
    {
        assertThat(page).containsOnlyKeys(key, "next");
        final List<Object> ids = new ArrayList<>();
        for (final Object row : list(page.get(key)))
        {
            ids.add(object(row).get("id"));
        }
        return ids;
    }

    /** Asserts a 200 with a JSON object body and returns it. */
    private static Map<String, Object> ok(final Reply reply)
    {
        assertThat(reply.status()).as("status of %s", reply).isEqualTo(200);
        assertThat(mediaType(reply.contentType())).as("Content-Type of %s", reply).isEqualTo(JSON);
        return object(parse(reply.body()));
    }

    /** Asserts an RFC 9457 problem with this status, error code and field (null: no field). */
    private static Map<String, Object> problem(final Reply reply, final int status, final String error,
        final String field)
    {
        assertThat(reply.status()).as("status of %s", reply).isEqualTo(status);
        assertThat(mediaType(reply.contentType())).as("Content-Type of %s", reply).isEqualTo(PROBLEM_JSON);
        final Map<String, Object> problem = object(parse(reply.body()));
        assertThat(problem).as("problem of %s", reply)
            .containsEntry("type", "about:blank")
            .containsEntry("status", (long)status)
            .containsEntry("error", error);
        assertThat(problem.get("title")).as("title of %s", reply).isInstanceOf(String.class);
        assertThat((String)problem.get("detail")).as("detail of %s", reply).isNotBlank();
        if (field == null)
        {
            assertThat(problem).as("problem of %s", reply).doesNotContainKey("field");
        }
        else
        {
            assertThat(problem).as("problem of %s", reply).containsEntry("field", field);
        }
        assertThat(problem.keySet()).as("problem of %s", reply)
            .isSubsetOf("type", "title", "status", "detail", "error", "field");
        return problem;
    }

    private static void rawProblem(final RawReply reply, final int status, final String error)
    {
        assertThat(reply.statusLine()).as("status line of %s", reply).startsWith("HTTP/1.1 " + status + " ");
        problem(new Reply(status, HttpHeaders.of(Map.of("Content-Type", List.of(reply.header("content-type"))),
            (a, b) -> true), reply.body(), "raw " + reply.statusLine()), status, error, null);
    }

    private static String mediaType(final String contentType)
    {
        final int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static URI uri(final String path)
    {
        return URI.create(base + path);
    }

    private static Reply get(final String path) throws Exception
    {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private static Reply post(final String path, final String body) throws Exception
    {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", JSON)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static Reply send(final HttpRequest.Builder request) throws Exception
    {
        final HttpRequest built = request.timeout(Duration.ofSeconds(30)).build();
        final HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.headers(), response.body(),
            built.method() + " " + built.uri().getRawPath() +
            (built.uri().getRawQuery() == null ? "" : "?" + built.uri().getRawQuery()));
    }

    /** An answer over HttpClient. */
    private record Reply(int status, HttpHeaders headers, String body, String request)
    {
        String contentType()
        {
            return headers.firstValue("Content-Type").orElse("");
        }

        @Override
        public String toString()
        {
            return request + " -> " + status + " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
        }
    }

    /** An answer read from a raw socket; {@code closed} when the server closed the connection after it (if asked). */
    private record RawReply(String statusLine, Map<String, String> headers, String body, boolean closed)
    {
        String header(final String name)
        {
            return headers.getOrDefault(name, "");
        }
    }

    /**
     * Sends a request over a raw socket, the body from another thread (the server may answer before it has read
     * the body, and must not be blocked by a client that is still writing), and reads the answer.
     */
    private static RawReply raw(final String head, final byte[] body, final int readTimeoutMs) throws Exception
    {
        try (Socket socket = new Socket())
        {
            socket.connect(new InetSocketAddress("127.0.0.1", node.httpPort()), 5_000);
            socket.setSoTimeout(readTimeoutMs);
            final OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final Thread writer = new Thread(() ->
            {
                try
                {
                    out.write(body);
                    out.flush();
                }
                catch (final IOException ignore)
                {
                    // The server answered and closed before it read everything: allowed.
                }
            }, "raw-body-writer");
            writer.setDaemon(true);
            writer.start();
            final RawReply reply = readReply(socket.getInputStream(), false);
            writer.join(readTimeoutMs);
            return reply;
        }
    }

    /**
     * Reads one HTTP/1.1 answer with a Content-Length; with {@code awaitClose}, then whether the server closes (EOF
     * within the socket's read timeout).
     */
    private static RawReply readReply(final InputStream in, final boolean awaitClose) throws IOException
    {
        final ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4)
        {
            final int b;
            try
            {
                b = in.read();
            }
            catch (final SocketTimeoutException ex)
            {
                throw new AssertionError("no answer within the read timeout; got so far: '" + head + "'", ex);
            }
            catch (final IOException ex)
            {
                throw new AssertionError("the connection failed (" + ex + ") before a complete answer; got so far: '" +
                    head + "'", ex);
            }
            if (b < 0)
            {
                throw new AssertionError("the server closed without a complete answer; got so far: '" + head + "'");
            }
            head.write(b);
            matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 :
                b == '\r' ? 1 : 0;
        }
        final String[] lines = head.toString(StandardCharsets.US_ASCII).split("\r\n");
        final Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++)
        {
            final int colon = lines[i].indexOf(':');
            if (colon > 0)
            {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
            }
        }
        assertThat(headers).as("headers of %s", lines[0]).containsKey("content-length");
        final byte[] body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        if (!awaitClose)
        {
            return new RawReply(lines[0], headers, new String(body, StandardCharsets.UTF_8), false);
        }
        boolean closed;
        try
        {
            closed = in.read() < 0;
        }
        catch (final SocketTimeoutException ex)
        {
            closed = false;
        }
        catch (final IOException ex)
        {
            closed = true;
        }
        return new RawReply(lines[0], headers, new String(body, StandardCharsets.UTF_8), closed);
    }
}

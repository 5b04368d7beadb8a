package dev.ledger.server.http;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static dev.ledger.server.http.CodecTestSupport.flatObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class ApiErrorTest
{
    @Test
    void writesProblemJsonInRfc9457Shape() throws IOException
    {
        final ApiError error = ApiError.badRequest("invalid_number", "$[3].amount", "$[3].amount must be \"digits\"");
        final Map<String, Object> body = flatObject(error.toProblemJson());
        assertThat(body).containsExactly(
            entry("type", "about:blank"),
            entry("title", "Bad Request"),
            entry("status", 400L),
            entry("detail", "$[3].amount must be \"digits\""),
            entry("error", "invalid_number"),
            entry("field", "$[3].amount"));
        assertThat(ApiError.CONTENT_TYPE).isEqualTo("application/problem+json");
    }

    @Test
    void omitsTheFieldWhenNoneIsToBlame() throws IOException
    {
        final Map<String, Object> body = flatObject(ApiError.notFound("account_not_found", "no account 5")
            .toProblemJson());
        assertThat(body).containsExactly(
            entry("type", "about:blank"),
            entry("title", "Not Found"),
            entry("status", 404L),
            entry("detail", "no account 5"),
            entry("error", "account_not_found"));
    }

    @Test
    void hasAStatusAndTitleForEveryCommonCase()
    {
        assertThat(ApiError.methodNotAllowed("GET only").status()).isEqualTo(405);
        assertThat(ApiError.bodyTooLarge("2 MiB").status()).isEqualTo(413);
        assertThat(ApiError.bodyTooLarge("2 MiB").error()).isEqualTo("body_too_large");
        assertThat(ApiError.unsupportedMediaType("application/json").status()).isEqualTo(415);
        final ApiError busy = ApiError.unavailable("busy", "try again");
        assertThat(busy.status()).isEqualTo(503);
        assertThat(busy.title()).isEqualTo("Service Unavailable");
        assertThat(busy.getStackTrace()).isEmpty();
        assertThat(busy.getMessage()).isEqualTo("busy: try again");
    }

    @Test
    void turnsMalformedJsonIntoAProblemThatSaysWhere() throws IOException
    {
        final byte[] body = CodecTestSupport.utf8("[{\"id\":\"1\"},\n{\"id\":tru}]");
        final ApiError error = CodecTestSupport.assertApiError(
            () -> EventsParser.accounts(body, 0, body.length, new org.agrona.ExpandableArrayBuffer(), 0),
            400, "malformed_json", "$[1].id");
        final Map<String, Object> problem = flatObject(error.toProblemJson());
        assertThat((String)problem.get("detail")).startsWith("malformed JSON at line 2, column ")
            .contains("in the value of $[1].id").doesNotContain("com.fasterxml").doesNotContain("Exception");
        assertThat(problem).containsEntry("field", "$[1].id");
        // A fault in the structure rather than in one value names no field.
        final byte[] structure = CodecTestSupport.utf8("[{\"id\":\"1\"},\n{\"id\" \"2\"}]");
        final ApiError structural = CodecTestSupport.assertApiError(
            () -> EventsParser.accounts(structure, 0, structure.length, new org.agrona.ExpandableArrayBuffer(), 0),
            400, "malformed_json", null);
        assertThat(flatObject(structural.toProblemJson())).doesNotContainKey("field");
    }
}

package dev.ledger.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonGenerator;

/**
 * A refused request: the HTTP status, a stable snake_case {@code error} code that clients may switch on, a short
 * {@code title}, a human {@code detail} and, when one field is to blame, its JSON path ({@code $[3].amount},
 * {@code $.ids[2]}) or query parameter name ({@code limit}). Written as an RFC 9457
 * {@code application/problem+json} body by {@link #toProblemJson()}.
 * <p>
 * Thrown by the codec on the first offending input. It carries no stack trace: it is an answer to the client,
 * not a bug, and it is never logged with one.
 */
final class ApiError extends RuntimeException
{
    /** The media type of {@link #toProblemJson()}. */
    static final String CONTENT_TYPE = "application/problem+json";

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;
    private final String title;
    private final String detail;
    private final String field;

    /**
     * An error with every part given.
     *
     * @param status the HTTP status.
     * @param error  the stable snake_case code.
     * @param title  a short summary of the status.
     * @param detail human text saying what was wrong and what the rule is.
     * @param field  the JSON path or parameter to blame, or null.
     */
    ApiError(final int status, final String error, final String title, final String detail, final String field)
    {
        super(error + (field == null ? "" : " at " + field) + ": " + detail, null, false, false);
        this.status = status;
        this.error = error;
        this.title = title;
        this.detail = detail;
        this.field = field;
    }

    /**
     * A 400: the request is malformed or breaks a rule of the API.
     *
     * @param error  the stable code.
     * @param field  the JSON path or parameter to blame, or null.
     * @param detail what was wrong.
     * @return the error, to throw.
     */
    static ApiError badRequest(final String error, final String field, final String detail)
    {
        return new ApiError(400, error, "Bad Request", detail, field);
    }

    /**
     * A 404: the addressed record does not exist.
     *
     * @param error  the stable code, e.g. {@code account_not_found}.
     * @param detail what was looked for.
     * @return the error, to throw.
     */
    static ApiError notFound(final String error, final String detail)
    {
        return new ApiError(404, error, "Not Found", detail, null);
    }

    /**
     * A 405: the path exists but not with this method.
     *
     * @param detail the methods allowed.
     * @return the error, to throw.
     */
    static ApiError methodNotAllowed(final String detail)
    {
        return new ApiError(405, "method_not_allowed", "Method Not Allowed", detail, null);
    }

    /**
     * A 413: the body is larger than allowed.
     *
     * @param detail the limit.
     * @return the error, to throw.
     */
    static ApiError bodyTooLarge(final String detail)
    {
        return new ApiError(413, "body_too_large", "Content Too Large", detail, null);
    }

    /**
     * A 415: the body is not {@code application/json}.
     *
     * @param detail the media type expected.
     * @return the error, to throw.
     */
    static ApiError unsupportedMediaType(final String detail)
    {
        return new ApiError(415, "unsupported_media_type", "Unsupported Media Type", detail, null);
    }

    /**
     * A 503: the node cannot serve now (overloaded, no leader, catching up); the caller adds {@code Retry-After}.
     *
     * @param error  the stable code, e.g. {@code busy} or {@code no_leader}.
     * @param detail why.
     * @return the error, to throw.
     */
    static ApiError unavailable(final String error, final String detail)
    {
        return new ApiError(503, error, "Service Unavailable", detail, null);
    }

    /** @return the HTTP status. */
    int status()
    {
        return status;
    }

    /** @return the stable snake_case code. */
    String error()
    {
        return error;
    }

    /** @return the short summary. */
    String title()
    {
        return title;
    }

    /** @return the human text. */
    String detail()
    {
        return detail;
    }

    /** @return the JSON path or parameter to blame, or null. */
    String field()
    {
        return field;
    }

    /**
     * The RFC 9457 body: {@code {"type":"about:blank","title":..,"status":..,"detail":..,"error":..,"field":..}},
     * without {@code field} when none is to blame.
     *
     * @return UTF-8 bytes of the {@code application/problem+json} body.
     */
    byte[] toProblemJson()
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = Json.FACTORY.createGenerator(bytes))
        {
            generator.writeStartObject();
            generator.writeStringField("type", "about:blank");
            generator.writeStringField("title", title);
            generator.writeNumberField("status", status);
            generator.writeStringField("detail", detail);
            generator.writeStringField("error", error);
            if (field != null)
            {
                generator.writeStringField("field", field);
            }
            generator.writeEndObject();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }
}

package dev.ledger.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI 3.1 document of the HTTP API, served at {@code /v1/openapi.json}: a resource of this module,
 * checked against {@link Routes} by a test.
 */
final class OpenApi
{
    static final String RESOURCE = "/dev/ledger/server/http/openapi.json";
    private static final byte[] DOCUMENT = load();

    private OpenApi()
    {
    }

    static byte[] document()
    {
        return DOCUMENT;
    }

    private static byte[] load()
    {
        try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE))
        {
            if (in == null)
            {
                throw new IllegalStateException("the OpenAPI document " + RESOURCE + " is not on the class path");
            }
            return in.readAllBytes();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}

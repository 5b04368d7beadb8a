package dev.ledger.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Parses one JSON document into maps, lists, strings, longs, booleans and nulls, failing on trailing content.
 */
final class Json
{
    private static final JsonFactory FACTORY = new JsonFactory();

    private Json()
    {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(final String text)
    {
        try (JsonParser parser = FACTORY.createParser(text))
        {
            final Object value = value(parser, parser.nextToken());
            if (parser.nextToken() != null)
            {
                throw new IllegalArgumentException("trailing content after the object: " + text);
            }
            return (Map<String, Object>)value;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("not JSON: " + text, ex);
        }
    }

    private static Object value(final JsonParser parser, final JsonToken token) throws IOException
    {
        switch (token)
        {
            case START_OBJECT:
                final Map<String, Object> object = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME)
                {
                    final String name = parser.currentName();
                    object.put(name, value(parser, parser.nextToken()));
                }
                return object;
            case START_ARRAY:
                final List<Object> array = new ArrayList<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken())
                {
                    array.add(value(parser, next));
                }
                return array;
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getLongValue();
            case VALUE_TRUE:
            case VALUE_FALSE:
                return parser.getBooleanValue();
            case VALUE_NULL:
                return null;
            default:
                throw new IllegalArgumentException("unexpected " + token);
        }
    }
}

package dev.ledger.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Strict JSON into plain values, for tests that read what the server wrote: objects as maps in the document's
 * order (a field given twice fails), arrays as lists, strings, integers as Long (BigInteger when larger),
 * other numbers as BigDecimal, booleans and null. One value per text; anything after it fails.
 */
public final class JsonTree
{
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonTree()
    {
    }

    /**
     * @param text one JSON value.
     * @return the value.
     */
    public static Object parse(final String text)
    {
        return parse(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param utf8 one JSON value in UTF-8.
     * @return the value.
     */
    public static Object parse(final byte[] utf8)
    {
        try (JsonParser parser = FACTORY.createParser(utf8))
        {
            final JsonToken first = parser.nextToken();
            assertThat(first).as("a JSON value").isNotNull();
            final Object value = read(parser, first);
            assertThat(parser.nextToken()).as("nothing after the JSON value").isNull();
            return value;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("not JSON: " + new String(utf8, StandardCharsets.UTF_8), ex);
        }
    }

    /**
     * @param value a parsed value that must be an object.
     * @return it as a map.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(final Object value)
    {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>)value;
    }

    /**
     * @param value a parsed value that must be an array.
     * @return it as a list.
     */
    @SuppressWarnings("unchecked")
    public static List<Object> list(final Object value)
    {
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>)value;
    }

    private static Object read(final JsonParser parser, final JsonToken token) throws IOException
    {
        switch (token)
        {
            case START_OBJECT:
            {
                final Map<String, Object> object = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME)
                {
                    final String name = parser.currentName();
                    assertThat(object).as("field %s given twice", name).doesNotContainKey(name);
                    object.put(name, read(parser, parser.nextToken()));
                }
                return object;
            }
            case START_ARRAY:
            {
                final List<Object> array = new ArrayList<>();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY)
                {
                    array.add(read(parser, next));
                }
                return array;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ?
                    parser.getBigIntegerValue() : (Object)parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDecimalValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IllegalStateException("unexpected " + token + " at " + parser.currentLocation());
        }
    }
}

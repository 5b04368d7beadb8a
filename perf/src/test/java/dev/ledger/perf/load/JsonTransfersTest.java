package dev.ledger.perf.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import dev.ledger.core.LedgerLimits;
import dev.ledger.core.Wire;

class JsonTransfersTest
{
    @Test
    void encodesEveryFieldTheWorkloadSetsAsTheHttpApiReadsIt() throws IOException
    {
        final int count = 3_000;
        final UnsafeBuffer records = new UnsafeBuffer(new byte[count * LedgerLimits.RECORD_LENGTH]);
        // Ids near 2^63 check the widest numbers; two_phase brings pending_id and every flag.
        new LoadWorkload(LoadWorkload.Kind.TWO_PHASE, 5, 2, Long.MAX_VALUE - 10_000_000L).next(records, count);
        final LoadWorkload more = new LoadWorkload(LoadWorkload.Kind.TWO_PHASE, 5, 2, 0);
        final UnsafeBuffer skipped = new UnsafeBuffer(new byte[count * LedgerLimits.RECORD_LENGTH]);
        for (int i = 0; i < 20; i++)
        {
            more.next(skipped, count);
        }
        final JsonTransfers json = new JsonTransfers();
        final int length = json.encode(skipped, count);
        final List<Map<String, String>> parsed = parse(json.body(), length);
        assertThat(parsed).hasSize(count);
        int resolutions = 0;
        for (int i = 0; i < count; i++)
        {
            final int offset = i * LedgerLimits.RECORD_LENGTH;
            final Map<String, String> event = parsed.get(i);
            assertThat(event.get("id")).isEqualTo(Long.toString(skipped.getLong(offset + Wire.ID, Wire.ORDER)));
            assertThat(event.get("ledger")).isEqualTo("1");
            assertThat(event.get("code")).isEqualTo("1");
            final long pendingId = skipped.getLong(offset + Wire.TRANSFER_PENDING_ID, Wire.ORDER);
            assertThat(event.getOrDefault("pending_id", "0")).isEqualTo(Long.toString(pendingId));
            assertThat(event.getOrDefault("amount", "0"))
                .isEqualTo(Long.toString(skipped.getLong(offset + Wire.TRANSFER_AMOUNT, Wire.ORDER)));
            assertThat(event.getOrDefault("debit_account_id", "0"))
                .isEqualTo(Long.toString(skipped.getLong(offset + Wire.TRANSFER_DEBIT_ACCOUNT_ID, Wire.ORDER)));
            assertThat(event.getOrDefault("credit_account_id", "0"))
                .isEqualTo(Long.toString(skipped.getLong(offset + Wire.TRANSFER_CREDIT_ACCOUNT_ID, Wire.ORDER)));
            final int flags = skipped.getShort(offset + Wire.FLAGS, Wire.ORDER);
            assertThat(event.getOrDefault("flags", "[]")).isEqualTo(switch (flags)
            {
                case 0 -> "[]";
                case 2 -> "[pending]";
                case 4 -> "[post_pending_transfer]";
                case 8 -> "[void_pending_transfer]";
                default -> throw new AssertionError("flags " + flags);
            });
            resolutions += pendingId != 0 ? 1 : 0;
        }
        assertThat(resolutions).isPositive();

        final int wideLength = json.encode(records, count);
        final List<Map<String, String>> wide = parse(json.body(), wideLength);
        assertThat(wide.get(count - 1).get("id")).isEqualTo(Long.toString(Long.MAX_VALUE - 10_000_000L + count));
    }

    private static List<Map<String, String>> parse(final byte[] body, final int length) throws IOException
    {
        final List<Map<String, String>> events = new ArrayList<>();
        try (JsonParser parser = new JsonFactory().createParser(body, 0, length))
        {
            assertThat(parser.nextToken()).isEqualTo(JsonToken.START_ARRAY);
            while (parser.nextToken() == JsonToken.START_OBJECT)
            {
                final Map<String, String> event = new TreeMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME)
                {
                    final String name = parser.currentName();
                    if (parser.nextToken() == JsonToken.START_ARRAY)
                    {
                        final List<String> names = new ArrayList<>();
                        while (parser.nextToken() == JsonToken.VALUE_STRING)
                        {
                            names.add(parser.getText());
                        }
                        event.put(name, names.toString());
                    }
                    else
                    {
                        event.put(name, parser.getText());
                    }
                }
                events.add(event);
            }
            assertThat(parser.currentToken()).isEqualTo(JsonToken.END_ARRAY);
            assertThat(parser.nextToken()).isNull();
        }
        return events;
    }
}

package dev.ledger.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.ledger.core.CreateAccountResult;
import dev.ledger.core.CreateTransferResult;
import dev.ledger.server.JsonTree;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.ledger.server.JsonTree.list;
import static dev.ledger.server.JsonTree.object;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document served at {@code /v1/openapi.json} against the code: one operation per {@link Routes}
 * entry (so a route added without its documentation fails here), path parameters declared, a 200 for each
 * operation, and the schemas' fields, flags and result codes equal to what the codec reads and writes.
 * <p>
 * The document is read with Jackson's streaming parser into plain maps and lists (jackson-databind is not a
 * dependency), with duplicate keys refused so that two path items of one template cannot hide each other.
 */
class OpenApiTest
{
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
        "trace");
    private static final Set<String> PATH_ITEM_FIELDS = Set.of("$ref", "summary", "description", "servers",
        "parameters");
    private static final Pattern TEMPLATE_PARAMETER = Pattern.compile("\\{([^}/]+)}");

    private static byte[] resource;
    private static Map<String, Object> document;

    @BeforeAll
    static void readDocument() throws IOException
    {
        try (InputStream in = OpenApiTest.class.getResourceAsStream(OpenApi.RESOURCE))
        {
            assertThat(in).as("the resource %s", OpenApi.RESOURCE).isNotNull();
            resource = in.readAllBytes();
        }
        document = object(JsonTree.parse(resource));
    }

    @Test
    void shouldBeOpenApi31()
    {
        assertThat(document.get("openapi")).isEqualTo("3.1.0");
    }

    @Test
    void shouldServeTheBytesOfTheResource()
    {
        assertThat(OpenApi.document()).isEqualTo(resource);
    }

    @Test
    void shouldDocumentExactlyTheRoutesWithTheirMethods()
    {
        final Set<String> documented = new LinkedHashSet<>();
        for (final Map.Entry<String, Object> path : object(document.get("paths")).entrySet())
        {
            for (final String key : object(path.getValue()).keySet())
            {
                if (METHODS.contains(key))
                {
                    documented.add(key + " " + path.getKey());
                }
                else
                {
                    assertThat(PATH_ITEM_FIELDS).as("a field of the path item %s", path.getKey()).contains(key);
                }
            }
        }
        final Set<String> routed = new LinkedHashSet<>();
        for (final Routes.Route route : Routes.ALL)
        {
            routed.add(route.method() + " " + route.template());
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(routed);
    }

    @Test
    void shouldDeclareEveryPathParameterOfEveryTemplate()
    {
        for (final Routes.Route route : Routes.ALL)
        {
            final Set<String> inTemplate = new LinkedHashSet<>();
            final Matcher matcher = TEMPLATE_PARAMETER.matcher(route.template());
            while (matcher.find())
            {
                inTemplate.add(matcher.group(1));
            }
            final Map<String, Object> pathItem = object(object(document.get("paths")).get(route.template()));
            final Set<String> declared = new LinkedHashSet<>();
            final List<Object> parameters = new ArrayList<>(list(pathItem.getOrDefault("parameters", List.of())));
            parameters.addAll(list(operation(route).getOrDefault("parameters", List.of())));
            for (final Object entry : parameters)
            {
                final Map<String, Object> parameter = resolve(object(entry));
                if ("path".equals(parameter.get("in")))
                {
                    assertThat(parameter.get("required")).as("path parameter %s of %s is required",
                        parameter.get("name"), route.template()).isEqualTo(Boolean.TRUE);
                    declared.add((String)parameter.get("name"));
                }
            }
            assertThat(declared).as("the path parameters of %s", route.template())
                .containsExactlyInAnyOrderElementsOf(inTemplate);
        }
    }

    @Test
    void shouldAnswer200FromEveryOperation()
    {
        for (final Routes.Route route : Routes.ALL)
        {
            assertThat(object(operation(route).get("responses"))).as("the responses of %s %s", route.method(),
                route.template()).containsKey("200");
        }
    }

    @Test
    void shouldTakeTheQueryParametersOfTheAccountFilter()
    {
        for (final Routes.Route route : List.of(Routes.Route.ACCOUNT_TRANSFERS, Routes.Route.ACCOUNT_BALANCES))
        {
            assertThat(queryParameters(route)).as("the query parameters of %s", route.template())
                .containsExactly("limit", "timestamp_min", "timestamp_max", "debits", "credits", "reversed");
        }
    }

    @Test
    void shouldTakeTheQueryParametersOfAJournalPageWithTheirDefaults()
    {
        assertThat(queryParameters(Routes.Route.JOURNAL)).containsExactly(JournalQuery.FROM, JournalQuery.LIMIT);
        final List<Object> parameters = list(operation(Routes.Route.JOURNAL).get("parameters"));
        assertThat(object(resolve(object(parameters.get(0))).get("schema"))).containsEntry("default", 0L);
        assertThat(object(resolve(object(parameters.get(1))).get("schema")))
            .containsEntry("default", (long)JournalQuery.LIMIT_DEFAULT)
            .containsEntry("maximum", (long)dev.ledger.core.LedgerLimits.QUERY_ROWS_MAX);
    }

    private static Set<String> queryParameters(final Routes.Route route)
    {
        final Set<String> query = new LinkedHashSet<>();
        for (final Object entry : list(operation(route).get("parameters")))
        {
            final Map<String, Object> parameter = resolve(object(entry));
            if ("query".equals(parameter.get("in")))
            {
                query.add((String)parameter.get("name"));
            }
        }
        return query;
    }

    @Test
    void shouldListTheFieldsOfTheRecordsInTheirOrder()
    {
        assertThat(properties("Account")).containsExactlyElementsOf(names(RecordSchema.ACCOUNT));
        assertThat(properties("Transfer")).containsExactlyElementsOf(names(RecordSchema.TRANSFER));
        assertThat(properties("AccountBalance")).containsExactlyElementsOf(names(RecordSchema.BALANCE));
        final List<String> filter = new ArrayList<>(names(RecordSchema.QUERY_FILTER));
        filter.add("limit");
        filter.add("reversed");
        assertThat(properties("QueryFilter")).containsExactlyElementsOf(filter);
        assertThat(properties("Ids")).containsExactly("ids");
        assertThat(properties("Problem")).containsExactly("type", "title", "status", "detail", "error", "field");
    }

    @Test
    void shouldListEveryFlagName()
    {
        assertThat(list(schema("AccountFlag").get("enum"))).containsExactlyElementsOf(flags(RecordSchema.ACCOUNT));
        assertThat(list(schema("TransferFlag").get("enum"))).containsExactlyElementsOf(flags(RecordSchema.TRANSFER));
    }

    @Test
    void shouldListEveryResultCodeInPrecedenceOrder()
    {
        final List<String> accountResults = new ArrayList<>();
        for (final CreateAccountResult result : CreateAccountResult.values())
        {
            accountResults.add(result.wireName());
        }
        final List<String> transferResults = new ArrayList<>();
        for (final CreateTransferResult result : CreateTransferResult.values())
        {
            transferResults.add(result.wireName());
        }
        assertThat(resultEnum("CreateAccountResult")).containsExactlyElementsOf(accountResults);
        assertThat(resultEnum("CreateTransferResult")).containsExactlyElementsOf(transferResults);
    }

    private static Map<String, Object> operation(final Routes.Route route)
    {
        final Map<String, Object> pathItem = object(object(document.get("paths")).get(route.template()));
        assertThat(pathItem).as("the path item of %s", route.template()).containsKey(route.method());
        return object(pathItem.get(route.method()));
    }

    /** A parameter, or the component a {@code $ref} names. */
    private static Map<String, Object> resolve(final Map<String, Object> parameter)
    {
        final Object ref = parameter.get("$ref");
        if (ref == null)
        {
            return parameter;
        }
        final String prefix = "#/components/parameters/";
        assertThat((String)ref).startsWith(prefix);
        final Map<String, Object> parameters = object(object(document.get("components")).get("parameters"));
        final String name = ((String)ref).substring(prefix.length());
        assertThat(parameters).as("the parameter %s", ref).containsKey(name);
        return object(parameters.get(name));
    }

    private static Map<String, Object> schema(final String name)
    {
        final Map<String, Object> schemas = object(object(document.get("components")).get("schemas"));
        assertThat(schemas).as("the schemas").containsKey(name);
        return object(schemas.get(name));
    }

    private static List<String> properties(final String schemaName)
    {
        return new ArrayList<>(object(schema(schemaName).get("properties")).keySet());
    }

    private static List<Object> resultEnum(final String schemaName)
    {
        return list(object(object(schema(schemaName).get("properties")).get("result")).get("enum"));
    }

    private static List<String> names(final RecordSchema schema)
    {
        final List<String> names = new ArrayList<>();
        for (int i = 0; i < schema.fieldCount(); i++)
        {
            names.add(schema.name(i));
        }
        return names;
    }

    private static List<String> flags(final RecordSchema schema)
    {
        final List<String> flags = new ArrayList<>();
        for (int bit = 0; bit < schema.flagCount(); bit++)
        {
            flags.add(schema.serializedFlagName(bit).getValue());
        }
        return flags;
    }
}

package org.cityhub.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * Checks API responses against the checked-in contract ({@code static/contract/openapi.yaml} and the
 * Case schema it references), read from the classpath exactly as the hub serves them.
 */
public final class OpenApiContract {

    private static final String BASE = "https://cityhub.example/contract/";
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            b -> b.schemaMappers(m -> m.mapPrefix(BASE, "classpath:static/contract/")));

    private OpenApiContract() {
    }

    /** A schema of openapi.yaml's components, e.g. {@code CasePage}. */
    public static void assertMatchesComponent(String component, JsonNode body) {
        assertValid(FACTORY.getSchema(SchemaLocation.of(BASE + "openapi.yaml#/components/schemas/" + component)), body, component);
    }

    /** The Case schema. */
    public static void assertIsCase(JsonNode body) {
        assertValid(FACTORY.getSchema(SchemaLocation.of(BASE + "case.schema.json")), body, "Case");
    }

    private static void assertValid(JsonSchema schema, JsonNode body, String what) {
        Set<ValidationMessage> errors = schema.validate(body);
        assertThat(errors).as("response does not match %s of the contract", what).isEmpty();
    }
}

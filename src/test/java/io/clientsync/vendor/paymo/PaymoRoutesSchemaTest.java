package io.clientsync.vendor.paymo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The Paymo route files are canonical YAML DSL (the schema inside camel-yaml-dsl) with an id on every route. */
class PaymoRoutesSchemaTest {
    @ParameterizedTest
    @ValueSource(strings = {"routes/vendor-paymo.yaml", "routes/vendor-paymo-contacts.yaml"})
    void routeFileMatchesTheCamelYamlDslSchema(String file) throws Exception {
        JsonSchema schema;
        try (InputStream in = getClass().getResourceAsStream("/schema/camelYamlDsl.json")) {
            assertThat(in).as("camelYamlDsl.json on the classpath").isNotNull();
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        }
        JsonNode routes = new ObjectMapper(new YAMLFactory()).readTree(Path.of(file).toFile());
        Set<ValidationMessage> errors = schema.validate(routes);
        assertThat(errors).as(file).isEmpty();
        List<String> ids = new ArrayList<>();
        routes.forEach(r -> ids.add(r.path("route").path("id").asText("")));
        assertThat(ids).doesNotContain("").doesNotHaveDuplicates();
    }
}

package io.clientsync.vendor.everlytic;

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

/**
 * routes/vendor-timelog.yaml and routes/vendor-everlytic.yaml against the YAML DSL's own JSON schema (the one in the
 * camel-yaml-dsl jar), and every step with an id.
 */
class EverlyticRouteFilesTest {
    @ParameterizedTest
    @ValueSource(strings = {"routes/vendor-timelog.yaml", "routes/vendor-everlytic.yaml"})
    void routeFileMatchesTheYamlDslSchema(String file) throws Exception {
        JsonNode routes = new ObjectMapper(new YAMLFactory()).readTree(Path.of(file).toFile());
        JsonSchema schema;
        try (InputStream in = org.apache.camel.dsl.yaml.YamlRoutesBuilderLoader.class
                .getResourceAsStream("/schema/camelYamlDsl.json")) {
            assertThat(in).as("schema in the camel-yaml-dsl jar").isNotNull();
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        }
        Set<ValidationMessage> errors = schema.validate(routes);
        assertThat(errors).as(file).isEmpty();
        List<String> routeIds = new ArrayList<>();
        routes.forEach(r -> routeIds.add(r.path("route").path("id").asText()));
        assertThat(routeIds).as("every route has an id").allSatisfy(id -> assertThat(id).isNotBlank());
    }
}

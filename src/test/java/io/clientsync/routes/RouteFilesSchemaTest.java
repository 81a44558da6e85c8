package io.clientsync.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every file in routes/ validates against Camel's own YAML DSL schema (inside the camel-yaml-dsl jar). */
class RouteFilesSchemaTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static Stream<Path> routeFiles() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    static JsonSchema camelSchema() throws Exception {
        try (InputStream in = org.apache.camel.dsl.yaml.YamlRoutesBuilderLoader.class
                .getResourceAsStream("/schema/camelYamlDsl.json")) {
            assertThat(in).as("camelYamlDsl.json in the camel-yaml-dsl jar").isNotNull();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        }
    }

    @ParameterizedTest
    @MethodSource("routeFiles")
    void routeFileValidatesAgainstCamelsSchema(Path file) throws Exception {
        JsonNode routes = YAML.readTree(file.toFile());
        Set<ValidationMessage> errors = camelSchema().validate(routes);
        assertThat(errors).as(file + " against camelYamlDsl.json").isEmpty();
    }

    @Test
    void theSchemaCatchesAKebabCaseKey() throws Exception {
        JsonNode bad = YAML.readTree("- route:\n    id: x\n    from:\n      uri: direct:x\n      steps:\n"
                + "        - set-body:\n            constant: y\n");
        assertThat(camelSchema().validate(bad)).isNotEmpty();
    }

    @Test
    void everyRouteHasAnId() throws Exception {
        for (Path file : routeFiles().toList()) {
            for (JsonNode item : YAML.readTree(file.toFile())) {
                for (String kind : List.of("route", "routeConfiguration")) {
                    if (item.has(kind)) {
                        assertThat(item.get(kind).path("id").asText()).as(kind + " in " + file).isNotBlank();
                    }
                }
            }
        }
    }
}

package io.clientsync.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.clientsync.app.RouteFiles;
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
            // every YAML file, so that a misnamed one is caught here too (everyRouteFileIsNamedForCamelsEditors)
            return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted()
                    .toList().stream();
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

    /** The name Camel's editors (Kaoto, Karavan) and JBang pick up; the app refuses a YAML file under another. */
    @Test
    void everyRouteFileIsNamedForCamelsEditors(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        assertThat(routeFiles().toList()).isNotEmpty()
                .allSatisfy(f -> assertThat(f.getFileName().toString()).endsWith(RouteFiles.SUFFIX));
        RouteFiles.check(Path.of("routes"));
        Files.writeString(dir.resolve("vendor-acme.yaml"), "- route:\n    id: x\n");
        Files.writeString(dir.resolve("ok.camel.yaml"), "- route:\n    id: y\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RouteFiles.check(dir))
                .isInstanceOf(io.clientsync.config.ConfigException.class)
                .hasMessageContaining("vendor-acme.yaml").hasMessageNotContaining("ok.camel.yaml");
    }

    /**
     * Endpoint options are a {@code parameters:} map, never a query string inside the uri: the options a route needs
     * ({@code throwExceptionOnFailure: false}, {@code disableStreamCache: true}) stay in sight, one per line.
     */
    @ParameterizedTest
    @MethodSource("routeFiles")
    void endpointOptionsAreParameterMaps(Path file) throws Exception {
        List<String> withQuery = new java.util.ArrayList<>();
        collectUrisWithQuery(YAML.readTree(file.toFile()), withQuery);
        assertThat(withQuery).as("uris with a query string in " + file).isEmpty();
    }

    private static void collectUrisWithQuery(JsonNode node, List<String> found) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("uri") && e.getValue().isTextual() && e.getValue().asText().contains("?")) {
                    found.add(e.getValue().asText());
                }
                collectUrisWithQuery(e.getValue(), found);
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectUrisWithQuery(n, found));
        }
    }

    @Test
    void theSchemaCatchesAKebabCaseKey() throws Exception {
        JsonNode bad = YAML.readTree("- route:\n    id: x\n    from:\n      uri: direct:x\n      steps:\n"
                + "        - set-body:\n            constant: y\n");
        assertThat(camelSchema().validate(bad)).isNotEmpty();
    }

    /** Every route, route configuration and route template has an id; every templated route a route id. */
    @Test
    void everyRouteHasAnId() throws Exception {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (Path file : routeFiles().toList()) {
            for (JsonNode item : YAML.readTree(file.toFile())) {
                for (String kind : List.of("route", "routeConfiguration", "routeTemplate", "templatedRoute")) {
                    if (item.has(kind)) {
                        String id = item.get(kind).path(kind.equals("templatedRoute") ? "routeId" : "id").asText();
                        assertThat(id).as(kind + " in " + file).isNotBlank();
                        assertThat(ids.add(id)).as("id " + id + " in " + file + " is used once").isTrue();
                    }
                }
            }
        }
    }

    /** Each vendor file makes its skeleton routes from the shared templates and adds its own call route. */
    @Test
    void everyVendorFileInstancesTheSkeletonAndHasItsCallRoute() throws Exception {
        for (Path file : routeFiles().filter(f -> f.getFileName().toString().startsWith("vendor-")).toList()) {
            String vendor = file.getFileName().toString().replaceAll("^vendor-|\\.camel\\.yaml$", "");
            List<String> templates = new java.util.ArrayList<>();
            List<String> routes = new java.util.ArrayList<>();
            for (JsonNode item : YAML.readTree(file.toFile())) {
                if (item.has("templatedRoute")) {
                    templates.add(item.get("templatedRoute").path("routeTemplateRef").asText());
                }
                if (item.has("route")) {
                    routes.add(item.get("route").path("id").asText());
                }
            }
            assertThat(templates).as(file.toString())
                    .containsExactlyInAnyOrder("skeleton-batch", "skeleton-deliver", "skeleton-delivery");
            assertThat(routes).as(file.toString()).contains(vendor + "-call")
                    .noneMatch(id -> id.equals(vendor + "-delivery") || id.equals("deliver-" + vendor));
        }
    }
}

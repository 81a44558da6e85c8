package io.clientsync.change;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.OutputFormat;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Validates a change against the project's JSON Schema of ClientChange ({@code schema/client-change.schema.json}). */
public final class ChangeValidator {
    public static final String SCHEMA_RESOURCE = "/schema/client-change.schema.json";
    private static final int MAX_MESSAGE = 1000;

    private final JsonSchema schema;

    public ChangeValidator() {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(true) // dates and emails are part of the contract, not annotations
                .pathType(PathType.JSON_PATH)
                .build();
        try (InputStream in = ChangeValidator.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + SCHEMA_RESOURCE + " on the class path");
            }
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
            // Built now, not on first use: pages are validated on several threads at once, and a built schema is
            // read-only.
            schema.initializeValidators();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the validator's message (every problem, sorted, joined) or empty when the change is valid */
    public Optional<String> problems(JsonNode change) {
        // A yes/no pass first: it stops at the first problem and builds no messages, which is most of what the full
        // pass allocates; a valid change (nearly all of them) is done after it.
        if (schema.validate(change, OutputFormat.BOOLEAN)) {
            return Optional.empty();
        }
        Set<ValidationMessage> errors = schema.validate(change);
        if (errors.isEmpty()) {
            return Optional.empty();
        }
        String message = errors.stream().map(ValidationMessage::getMessage).sorted().distinct()
                .collect(Collectors.joining("; "));
        return Optional.of(message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message);
    }
}

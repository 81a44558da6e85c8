package io.clientsync.change;

import com.fasterxml.jackson.databind.JsonNode;

/** A change of a good page that broke the schema: dead-lettered once under the vendor name {@code source}. */
public record InvalidChange(String clientId, long version, String message, JsonNode raw) {
}

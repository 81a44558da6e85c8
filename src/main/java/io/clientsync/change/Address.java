package io.clientsync.change;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.ArrayList;
import java.util.List;

/** A postal address as the feed sends it; {@code name} is only used by billing addresses. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Address(String name, String line1, String line2, String line3, String city, String state,
                      String postalCode, String country) {

    /** Joins the non-empty parts with ", " (the rule every vendor shares). */
    public static String join(String... parts) {
        List<String> kept = new ArrayList<>(parts.length);
        for (String part : parts) {
            if (part != null && !part.isBlank()) {
                kept.add(part.strip());
            }
        }
        return kept.isEmpty() ? null : String.join(", ", kept);
    }

    public String streetLines() {
        return join(line1, line2, line3);
    }

    public String oneLine() {
        return join(line1, line2, line3, city, state, postalCode, country);
    }
}

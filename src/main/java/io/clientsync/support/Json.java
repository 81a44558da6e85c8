package io.clientsync.support;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one Jackson mapper of the project, with read limits so that hostile input cannot exhaust memory. */
public final class Json {
    /** Deep enough for any real change; a page nested deeper is hostile. */
    public static final int MAX_NESTING = 32;
    public static final int MAX_STRING = 1_000_000;

    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING)
                            .maxStringLength(MAX_STRING)
                            .maxNumberLength(40)
                            .build())
                    .build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * What is wrong with text that is not JSON, without any of the text: Jackson's messages quote the token they
     * stopped at, which may be a password in a malformed line. Quoted parts become '...' (JSON's own words
     * null, true, false stay), and the place is given as line and column.
     */
    public static String problem(JacksonException e) {
        String message = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage();
        int source = message.indexOf(" (start marker at [Source:");
        if (source < 0) {
            source = message.indexOf("[Source:");
        }
        if (source >= 0) {
            message = message.substring(0, source);
        }
        message = message.replaceAll("\\('.*?' \\(code \\d+\\)\\)", "(a character)")
                .replaceAll("'(?!(null|true|false)')[^']*'", "'...'");
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " (line " + at.getLineNr() + ", column "
                + at.getColumnNr() + ")";
        return printable(message.strip(), 300) + where;
    }

    /** At most {@code max} characters, control characters replaced: safe for one log line or one column. */
    public static String printable(String text, int max) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max));
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        if (text.length() > max && max > 3) {
            out.setLength(max - 3);
            out.append("...");
        }
        return out.toString();
    }

    /** Cuts a vendor's answer for logs and dead letters. */
    public static String truncate(String text, int max) {
        if (text == null) {
            return "";
        }
        String flat = text.replace('\r', ' ').replace('\n', ' ');
        return flat.length() <= max ? flat : flat.substring(0, max) + "...(" + flat.length() + " chars)";
    }
}

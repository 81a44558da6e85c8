package io.clientsync.source;

/**
 * The engineer's SELECT with its named parameter {@code :cursor} turned into JDBC's {@code ?}, once per use (the
 * query may name it more than once). Quoted text, quoted names, comments and PostgreSQL's {@code ::type} casts are
 * left alone. {@code :cursor} is the only named parameter.
 *
 * @param jdbc    the query as JDBC takes it
 * @param cursors how many {@code ?} stand for {@code :cursor}; each is bound to the same value
 */
public record SqlQuery(String text, String jdbc, int cursors) {
    public static final String CURSOR = "cursor";

    public boolean hasCursor() {
        return cursors > 0;
    }

    public static SqlQuery parse(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int count = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int end = skipQuotedOrComment(text, i);
            if (end > i) {
                out.append(text, i, end);
                i = end;
            } else if (c == ':' && isCursorAt(text, i)) {
                out.append('?');
                count++;
                i += 1 + CURSOR.length();
            } else {
                out.append(c);
                i++;
            }
        }
        return new SqlQuery(text, out.toString(), count);
    }

    /** Whether {@code :cursor} starts here as a parameter: not part of {@code ::} and not a longer name. */
    private static boolean isCursorAt(String s, int i) {
        int after = i + 1 + CURSOR.length();
        return (i == 0 || s.charAt(i - 1) != ':')
                && s.regionMatches(true, i + 1, CURSOR, 0, CURSOR.length())
                && (after == s.length() || !Character.isJavaIdentifierPart(s.charAt(after)));
    }

    /** The end of a quoted string or name or a comment starting at {@code i}, or {@code i} if none starts there. */
    private static int skipQuotedOrComment(String s, int i) {
        char c = s.charAt(i);
        if (c == '\'' || c == '"') {
            int end = s.indexOf(c, i + 1);
            return end < 0 ? s.length() : end + 1; // '' inside a string is two quoted runs back to back: still text
        }
        if (s.startsWith("--", i)) {
            int end = s.indexOf('\n', i);
            return end < 0 ? s.length() : end + 1;
        }
        if (s.startsWith("/*", i)) {
            int end = s.indexOf("*/", i + 2);
            return end < 0 ? s.length() : end + 2;
        }
        return i;
    }
}

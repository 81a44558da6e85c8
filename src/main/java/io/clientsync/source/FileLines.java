package io.clientsync.source;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.clientsync.change.FeedPage;
import io.clientsync.change.InvalidChange;
import io.clientsync.change.PageReader;
import io.clientsync.support.Json;
import io.clientsync.support.Secrets;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Java steps of the file source (routes/source-file.camel.yaml): check a dropped file before any of it is taken,
 * turn each group of its lines into a page of changes, and say why a file goes to error/.
 */
public final class FileLines {
    private static final Logger LOG = LoggerFactory.getLogger(FileLines.class);
    /** A change is a few KB: a longer line is a file of something else, and is refused before it is held in memory. */
    public static final int MAX_LINE_CHARS = 1 << 20;
    /** Where a file goes: the route's move option reads this property ({@value #DONE} or {@value #ERROR}). */
    public static final String OUTCOME = "clientSyncFileOutcome";
    public static final String DONE = "done";
    public static final String ERROR = "error";

    private final PageReader reader;
    private final Path dir;
    private final int pageSize;
    private final boolean dryRun;

    public FileLines(PageReader reader, Path dir, int pageSize, boolean dryRun) {
        this.reader = reader;
        this.dir = dir;
        this.pageSize = pageSize;
        this.dryRun = dryRun;
    }

    /**
     * One pass over the whole file before any line is taken (streamed, nothing held): it is UTF-8, no line is
     * longer than {@link #MAX_LINE_CHARS}, and its first line is a JSON object. So a file that goes to error/ gave
     * nothing to the inbox or the dead letters, and one that passes is not refused half-way.
     */
    public void check(Exchange exchange) throws UnreadableFileException {
        Path file = Path.of(exchange.getIn().getBody(GenericFile.class).getAbsoluteFilePath());
        FirstLineCheck lines = new FirstLineCheck();
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder(); // reports malformed input, never replaces it
        ByteBuffer bytes = ByteBuffer.allocate(8192);
        CharBuffer chars = CharBuffer.allocate(8192); // UTF-8 never gives more chars than bytes: no overflow
        try (ReadableByteChannel in = Files.newByteChannel(file)) {
            boolean end = false;
            while (!end) {
                end = in.read(bytes) < 0;
                bytes.flip();
                CoderResult result = utf8.decode(bytes, chars, end);
                if (end && !result.isError()) {
                    result = utf8.flush(chars);
                }
                lines.take(chars.flip());
                chars.clear();
                if (result.isError()) {
                    throw new UnreadableFileException("not UTF-8: bytes that are not UTF-8 in line " + lines.line);
                }
                bytes.compact();
            }
            lines.end();
        } catch (IOException e) {
            throw new UnreadableFileException("cannot be read: " + e);
        }
    }

    /** Counts lines, refuses one that is too long, and holds the first non-blank one to see it is a JSON object. */
    private static final class FirstLineCheck {
        private final StringBuilder first = new StringBuilder();
        private boolean firstSeen;
        private long line = 1;
        private int length;

        void take(CharBuffer chars) throws UnreadableFileException {
            while (chars.hasRemaining()) {
                char c = chars.get();
                if (c == '\n') {
                    end();
                    first.setLength(0);
                    line++;
                    length = 0;
                } else if (++length > MAX_LINE_CHARS) {
                    throw new UnreadableFileException("line " + line + " is longer than " + MAX_LINE_CHARS
                            + " characters: not a file of changes");
                } else if (!firstSeen) {
                    first.append(c);
                }
            }
        }

        /** At a line's end (and the file's): the first line that is not blank decides whether this is JSON Lines. */
        void end() throws UnreadableFileException {
            if (!firstSeen && !first.toString().isBlank()) {
                firstSeen = true;
                firstLine(first, line);
            }
        }
    }

    private static void firstLine(CharSequence first, long line) throws UnreadableFileException {
        String text = clean(first.toString(), line == 1);
        try {
            if (Json.MAPPER.readTree(text).isObject()) {
                return;
            }
        } catch (JacksonException e) {
            // said below
        }
        throw new UnreadableFileException("not JSON Lines: its first line (" + line + ") is not a JSON object; "
                + "a file holds one change per line, each a JSON object");
    }

    /**
     * One group of lines of the split (sync.page-size of them) as a page: a line that is not JSON, or breaks the
     * schema, is an invalid change (dead-lettered, the file goes on), with the file and line in its message.
     */
    public FeedPage page(Exchange exchange) {
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME, String.class);
        long firstLine = (long) exchange.getProperty(Exchange.SPLIT_INDEX, 0, Integer.class) * pageSize + 1;
        String[] lines = exchange.getIn().getBody(String.class).split("\n", -1);
        List<JsonNode> nodes = new ArrayList<>(lines.length);
        Map<JsonNode, Long> lineOf = new IdentityHashMap<>();
        List<InvalidChange> invalid = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            long number = firstLine + i;
            String line = clean(lines[i], number == 1);
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode node = Json.MAPPER.readTree(line);
                nodes.add(node);
                lineOf.put(node, number);
            } catch (JacksonException e) {
                // the line itself is not kept: it cannot be parsed, so its secrets cannot be removed (the file keeps it)
                invalid.add(new InvalidChange("?", 0, where(name, number) + "not JSON: " + Json.problem(e),
                        TextNode.valueOf("(" + where(name, number) + "not JSON, " + line.length() + " characters)")));
            }
        }
        int notJson = invalid.size();
        FeedPage page = reader.page(nodes, null, true);
        for (InvalidChange bad : page.invalid()) {
            invalid.add(new InvalidChange(bad.clientId(), bad.version(),
                    where(name, lineOf.get(bad.raw())) + bad.message(), bad.raw()));
        }
        return new FeedPage(page.changes(), List.copyOf(invalid), null, true, nodes.size() + notJson,
                page.superseded());
    }

    /**
     * The file cannot be read: it goes to error/ (the route's move reads {@link #OUTCOME}), with NAME.reason beside
     * it saying why. A dry run only says so.
     */
    public void unreadable(Exchange exchange) throws IOException {
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME, String.class);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = Json.printable(Secrets.redact(cause.getMessage()), 2000);
        exchange.setProperty(OUTCOME, ERROR);
        if (dryRun) {
            System.out.println("dry-run file " + name + " would go to error/: " + reason);
            return;
        }
        Path target = dir.resolve(ERROR).resolve(name + ".reason");
        Files.createDirectories(target.getParent());
        Files.writeString(target, Instant.now() + " " + name + ": " + reason + "\n", StandardCharsets.UTF_8);
        LOG.warn("source file {} goes to error/: {}", name, reason);
    }

    private static String where(String file, Long line) {
        return "file " + file + " line " + line + ": ";
    }

    /** The line without a Windows line end, and without the byte-order mark some editors put first. */
    private static String clean(String line, boolean first) {
        String out = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        return first && out.startsWith("\uFEFF") ? out.substring(1) : out;
    }
}

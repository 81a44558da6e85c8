package io.clientsync.change;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clientsync.config.Vendors;
import io.clientsync.support.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Reads one page of the feed: parses it once (with a size cap and Jackson's read limits), validates every change
 * against the schema and keeps one change per client, the highest version.
 */
public final class PageReader {
    private static final Logger LOG = LoggerFactory.getLogger(PageReader.class);

    /** Pages with fewer changes are read on the calling thread alone: handing off would cost more. */
    public static final int PARALLEL_FROM = 64;

    private final ChangeValidator validator;
    private final long maxPageBytes;

    public PageReader(ChangeValidator validator, long maxPageBytes) {
        this.validator = validator;
        this.maxPageBytes = maxPageBytes;
    }

    public FeedPage read(InputStream body) {
        if (body == null) {
            throw new SourcePageException("source page is empty");
        }
        JsonNode root;
        try (InputStream capped = new CappedInputStream(body, maxPageBytes)) {
            root = Json.MAPPER.readTree(capped);
        } catch (PageTooLargeException e) {
            throw new SourcePageException(e.getMessage());
        } catch (JacksonException e) {
            throw new SourcePageException("source page is not valid JSON: " + Json.problem(e));
        } catch (IOException e) {
            throw new SourcePageException("source page could not be read: " + e.getMessage(), e);
        }
        return parse(root);
    }

    FeedPage parse(JsonNode root) {
        if (root == null || root.isMissingNode()) {
            throw new SourcePageException("source page is empty");
        }
        if (!root.isObject()) {
            throw new SourcePageException("source page is not a JSON object with 'changes', 'next_cursor', 'has_more'");
        }
        JsonNode changes = root.get("changes");
        JsonNode hasMoreNode = root.get("has_more");
        JsonNode cursorNode = root.get("next_cursor");
        if (changes == null || !changes.isArray()) {
            throw new SourcePageException("source page: 'changes' must be an array");
        }
        if (hasMoreNode == null || !hasMoreNode.isBoolean()) {
            throw new SourcePageException("source page: 'has_more' must be true or false");
        }
        boolean hasMore = hasMoreNode.booleanValue();
        if (cursorNode != null && !cursorNode.isNull() && !cursorNode.isTextual()) {
            throw new SourcePageException("source page: 'next_cursor' must be a string");
        }
        String nextCursor = cursorNode == null || cursorNode.isNull() ? null : cursorNode.textValue();
        if (hasMore && (nextCursor == null || nextCursor.isEmpty())) {
            throw new SourcePageException("source page: 'has_more' is true but 'next_cursor' is missing");
        }

        List<JsonNode> nodes = new ArrayList<>(changes.size());
        changes.forEach(nodes::add);
        return page(nodes, nextCursor, hasMore);
    }

    /**
     * A page of changes from any source (the feed, a query's rows, a webhook's body, a file's lines): each checked
     * against the schema, invalid ones set apart, and one change per client kept (the highest version).
     */
    public FeedPage page(List<JsonNode> nodes, String nextCursor, boolean hasMore) {
        // Validation and binding are most of a page's cost and each change is independent: a large page is read on
        // the common pool's threads too, so a re-run that delivers little is not bound to one core. The order of
        // the page is kept: results go to the change's own slot, and "latest" is decided in order below.
        Object[] read = new Object[nodes.size()];
        IntStream range = IntStream.range(0, nodes.size());
        (nodes.size() >= PARALLEL_FROM ? range.parallel() : range).forEach(i -> read[i] = readOne(nodes.get(i)));

        Map<String, ClientChange> latest = new LinkedHashMap<>();
        List<InvalidChange> invalid = new ArrayList<>();
        int superseded = 0;
        for (Object one : read) {
            if (one instanceof InvalidChange bad) {
                invalid.add(bad);
                continue;
            }
            ClientChange change = (ClientChange) one;
            warnUnknownVendors(change);
            ClientChange before = latest.get(change.id());
            if (before == null) {
                latest.put(change.id(), change);
            } else {
                superseded++;
                if (change.version() > before.version()) {
                    latest.put(change.id(), change);
                }
            }
        }
        return new FeedPage(List.copyOf(latest.values()), List.copyOf(invalid), nextCursor, hasMore, nodes.size(),
                superseded);
    }

    /** One change of the page: a {@link ClientChange}, or an {@link InvalidChange} saying what is wrong. */
    private Object readOne(JsonNode node) {
        var problem = validator.problems(node);
        if (problem.isPresent()) {
            return new InvalidChange(text(node, "id"), node.path("version").asLong(0), problem.get(), node);
        }
        try {
            return Json.MAPPER.treeToValue(node, ClientChange.class).withRaw((ObjectNode) node);
        } catch (JacksonException | IllegalArgumentException e) {
            return new InvalidChange(text(node, "id"), node.path("version").asLong(0),
                    "cannot read change: " + e.getMessage(), node);
        }
    }

    private static void warnUnknownVendors(ClientChange change) {
        if (change.vendorIds() == null) {
            return;
        }
        for (String vendor : change.vendorIds().keySet()) {
            if (!Vendors.isKnown(vendor)) {
                LOG.warn("client {}: vendor_ids names unknown vendor '{}', ignored", change.id(),
                        Json.printable(vendor, 40));
            }
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isValueNode()) {
            return "?";
        }
        return Json.printable(value.asText(), 64);
    }

    static final class PageTooLargeException extends IOException {
        PageTooLargeException(long max) {
            super("source page is larger than source.max-page-bytes (" + max + " bytes)");
        }
    }

    /** Stops reading once the page passes the cap, before it is held in memory. */
    static final class CappedInputStream extends FilterInputStream {
        private final long max;
        private long count;

        CappedInputStream(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(long n) throws IOException {
            count += n;
            if (count > max) {
                throw new PageTooLargeException(max);
            }
        }
    }
}

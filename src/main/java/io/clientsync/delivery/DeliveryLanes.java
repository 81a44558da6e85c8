package io.clientsync.delivery;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A vendor's share of a page as {@code count} lanes that draw from one queue: each lane takes the next change not yet
 * taken when it is ready for one. The vendor's page route runs one lane per pool thread and the changes of a lane in
 * turn, so a change costs no hand-over between threads (measured: a tenth of the CPU of a Fatora request went to
 * splitting a page change by change onto the pool), while a slow change (a redelivery's wait) holds up only its own
 * lane: the others go on taking changes.
 */
public final class DeliveryLanes {
    private DeliveryLanes() {
    }

    /**
     * At most {@code count} lanes (no more than there are changes, at least one), every change in exactly one of
     * them, taken in the list's order.
     */
    public static <T> List<Iterable<T>> over(List<T> items, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("lane count must be at least 1, got " + count);
        }
        AtomicInteger next = new AtomicInteger();
        Iterable<T> lane = () -> new Lane<>(items, next);
        return Collections.nCopies(Math.max(1, Math.min(count, items.size())), lane);
    }

    private static final class Lane<T> implements Iterator<T> {
        private final List<T> items;
        private final AtomicInteger next;
        private T ahead;

        Lane(List<T> items, AtomicInteger next) {
            this.items = items;
            this.next = next;
        }

        @Override
        public boolean hasNext() {
            if (ahead == null) {
                int i = next.getAndIncrement(); // claims the index: no other lane will take it
                if (i < items.size()) {
                    ahead = items.get(i);
                } else {
                    next.set(items.size()); // stays bounded however often hasNext is asked
                }
            }
            return ahead != null;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            T item = ahead;
            ahead = null;
            return item;
        }
    }
}

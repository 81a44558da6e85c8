package io.clientsync.delivery;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeliveryLanesTest {

    @Test
    void everyItemIsTakenByExactlyOneLaneEvenWhenTheLanesRunAtOnce() throws Exception {
        List<Integer> items = IntStream.range(0, 10_000).boxed().toList();
        List<Iterable<Integer>> lanes = DeliveryLanes.over(items, 8);
        assertThat(lanes).hasSize(8);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Integer>>> taken = new ArrayList<>();
            for (Iterable<Integer> lane : lanes) {
                taken.add(pool.submit(() -> {
                    start.await();
                    List<Integer> mine = new ArrayList<>();
                    lane.forEach(mine::add);
                    return mine;
                }));
            }
            start.countDown();
            List<Integer> all = new ArrayList<>();
            for (Future<List<Integer>> f : taken) {
                List<Integer> mine = f.get(10, TimeUnit.SECONDS);
                assertThat(mine).isSorted(); // a lane takes the items in the list's order
                all.addAll(mine);
            }
            Collections.sort(all);
            assertThat(all).isEqualTo(items);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLaneThatIsHeldUpLeavesTheRestToTheOthers() {
        List<Iterable<String>> lanes = DeliveryLanes.over(List.of("a", "b", "c", "d"), 2);
        Iterator<String> slow = lanes.get(0).iterator();
        assertThat(slow.next()).isEqualTo("a"); // held up on "a" (a redelivery's wait)
        List<String> other = new ArrayList<>();
        lanes.get(1).forEach(other::add);
        assertThat(other).containsExactly("b", "c", "d");
        assertThat(slow.hasNext()).isFalse();
        assertThatThrownBy(slow::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void noMoreLanesThanItemsAndAtLeastOne() {
        assertThat(DeliveryLanes.over(List.of("a", "b"), 8)).hasSize(2);
        List<Iterable<String>> none = DeliveryLanes.over(List.<String>of(), 8);
        assertThat(none).hasSize(1);
        assertThat(none.get(0).iterator().hasNext()).isFalse();
        assertThatThrownBy(() -> DeliveryLanes.over(List.of("a"), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1, got 0");
    }
}

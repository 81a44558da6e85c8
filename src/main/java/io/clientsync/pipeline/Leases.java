package io.clientsync.pipeline;

import io.clientsync.delivery.SyncBusyException;
import io.clientsync.state.SyncLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This process's leases on pipelines ("source", "vendor:fatora") in the state store's sync_lock table: a pipeline
 * runs only under its lease, so two processes on one store never run the same pipeline at once. Held leases are
 * renewed a third of the lease time apart while they are held.
 */
public final class Leases implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Leases.class);
    private final SyncLock lock;
    private final String owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService heartbeat;

    public Leases(SyncLock lock, Duration ttl) {
        this.lock = lock;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "client-sync-lease-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(100, ttl.toMillis() / 3);
        heartbeat.scheduleWithFixedDelay(this::renewQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    public static String vendor(String vendor) {
        return "vendor:" + vendor;
    }

    /** Takes every lease or none: throws naming the holder of the first one another process holds. */
    public void acquireAll(List<String> names) {
        List<String> taken = new ArrayList<>();
        for (String name : names) {
            Optional<String> holder = lock.tryAcquire(name, owner);
            if (holder.isPresent()) {
                taken.forEach(this::release);
                throw new SyncBusyException("pipeline " + name + " is run by " + holder.get());
            }
            held.add(name);
            taken.add(name);
        }
    }

    /** @return whether this process now holds it (false: another process runs that pipeline) */
    public boolean tryAcquire(String name) {
        if (lock.tryAcquire(name, owner).isPresent()) {
            return false;
        }
        held.add(name);
        return true;
    }

    public void release(String name) {
        held.remove(name);
        try {
            lock.release(name, owner);
        } catch (RuntimeException e) {
            LOG.warn("cannot release the lease of {}: {}", name, e.getMessage());
        }
    }

    private void renewQuietly() {
        for (String name : held) {
            try {
                lock.renew(name, owner);
            } catch (RuntimeException e) {
                LOG.warn("cannot renew the lease of {}: {}", name, e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        List.copyOf(held).forEach(this::release);
    }
}

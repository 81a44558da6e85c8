package io.clientsync.delivery;

import io.clientsync.connector.everlytic.EverlyticModule;
import io.clientsync.connector.fatora.FatoraModule;
import io.clientsync.connector.paymo.PaymoModule;
import io.clientsync.connector.paymocontacts.PaymoContactsModule;
import io.clientsync.connector.timelog.TimeLogModule;

import java.util.List;
import java.util.Optional;

/** Every vendor module client-sync ships. */
public final class VendorModules {
    public static final List<VendorModule> ALL = List.of(new FatoraModule(), new PaymoModule(),
            new PaymoContactsModule(), new TimeLogModule(), new EverlyticModule());

    private VendorModules() {
    }

    public static Optional<VendorModule> find(String id) {
        return ALL.stream().filter(m -> m.id().equals(id)).findFirst();
    }
}

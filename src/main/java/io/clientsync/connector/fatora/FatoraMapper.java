package io.clientsync.connector.fatora;

import io.clientsync.change.ClientChange;
import io.clientsync.delivery.DeliveryKeys;
import io.clientsync.delivery.PayloadBuilder;
import io.clientsync.delivery.PermanentDeliveryException;
import io.clientsync.state.LedgerEntry;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

import java.util.Map;

/**
 * ClientChange -> Fatora client body: {@code name, email, phone, address, notes}. The address is one line of the
 * non-empty parts. Every mapped field is sent each time; a change without email is refused before any call.
 */
public final class FatoraMapper {

    public Map<String, Object> map(@Body ClientChange change, @ExchangeProperty(DeliveryKeys.LAST) LedgerEntry last) {
        if (change.email() == null || change.email().isBlank()) {
            throw PermanentDeliveryException.rejected("Fatora requires an email and the change has none");
        }
        return new PayloadBuilder(last)
                .text("name", change.name())
                .text("email", change.email())
                .text("phone", change.phone())
                .text("address", change.address() == null ? null : change.address().oneLine())
                .text("notes", change.notes())
                .build();
    }
}

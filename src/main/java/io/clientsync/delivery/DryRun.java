package io.clientsync.delivery;

import io.clientsync.change.ClientChange;
import org.apache.camel.Exchange;

import java.io.PrintStream;

/** {@code --dry-run}: prints what would be sent, sends nothing and saves nothing. */
public final class DryRun {
    private final PrintStream out;

    public DryRun(PrintStream out) {
        this.out = out;
    }

    public void print(Exchange exchange) {
        String vendor = exchange.getProperty(DeliveryKeys.VENDOR, String.class);
        ClientChange change = exchange.getProperty(DeliveryKeys.CHANGE, ClientChange.class);
        String payload = exchange.getProperty(DeliveryKeys.PAYLOAD, String.class);
        synchronized (out) {
            out.println("dry-run " + vendor + " client " + change.id() + " v" + change.version() + " -> "
                    + exchange.getProperty(DeliveryKeys.VENDOR_ID, String.class) + " " + payload);
        }
        DeliveryGate.ended(exchange);
    }
}

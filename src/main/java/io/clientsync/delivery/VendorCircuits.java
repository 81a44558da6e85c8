package io.clientsync.delivery;

import java.util.Map;

/** The circuit of every enabled vendor, by vendor id. */
public record VendorCircuits(Map<String, VendorCircuit> byVendor) {

    public VendorCircuit of(String vendor) {
        VendorCircuit circuit = byVendor.get(vendor);
        if (circuit == null) {
            throw new IllegalArgumentException("no circuit for vendor " + vendor);
        }
        return circuit;
    }
}

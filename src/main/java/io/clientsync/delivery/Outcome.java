package io.clientsync.delivery;

/** How one change ended for one vendor. Every change ends in exactly one of these. */
public enum Outcome {
    DELIVERED("delivered"),
    UNCHANGED("unchanged"),
    STALE("stale"),
    NO_ID("no-id"),
    DELETED("deleted"),
    DEAD_LETTERED("dead-lettered");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Outcome ofLabel(String label) {
        for (Outcome o : values()) {
            if (o.label.equals(label)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown outcome " + label);
    }
}

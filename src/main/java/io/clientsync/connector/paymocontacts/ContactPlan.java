package io.clientsync.connector.paymocontacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The contact operations of one change, in order, and the Paymo ids known so far (local contact id -> Paymo id).
 * Kept as an exchange property: a redelivery of the ops route goes on with the first op that is not done.
 */
public final class ContactPlan {
    private final String clientId;
    private final String paymoClientId;
    private final List<ContactOp> ops = new ArrayList<>();
    private final Map<String, String> remoteIds;
    /** The full mapped fields of each contact (for a create after a 404). */
    private final Map<String, Map<String, Object>> contacts;
    private final List<String> stepFailures = new ArrayList<>();

    ContactPlan(String clientId, String paymoClientId, Map<String, String> remoteIds,
                Map<String, Map<String, Object>> contacts) {
        this.clientId = clientId;
        this.paymoClientId = paymoClientId;
        this.remoteIds = remoteIds;
        this.contacts = contacts;
    }

    public List<ContactOp> ops() {
        return ops;
    }

    public boolean isEmpty() {
        return ops.isEmpty();
    }

    public boolean hasPending() {
        return ops.stream().anyMatch(op -> !op.done());
    }

    public Optional<ContactOp> current() {
        return ops.stream().filter(op -> !op.done()).findFirst();
    }

    void add(ContactOp op) {
        ops.add(op);
    }

    /** Inserts ops right after {@code after}. */
    void addAfter(ContactOp after, List<ContactOp> more) {
        ops.addAll(ops.indexOf(after) + 1, more);
    }

    String clientId() {
        return clientId;
    }

    String paymoClientId() {
        return paymoClientId;
    }

    Optional<String> remoteId(String contactId) {
        return Optional.ofNullable(remoteIds.get(contactId));
    }

    void remoteId(String contactId, String remoteId) {
        if (remoteId == null) {
            remoteIds.remove(contactId);
        } else {
            remoteIds.put(contactId, remoteId);
        }
    }

    Map<String, Object> contact(String contactId) {
        return contacts.getOrDefault(contactId, Map.of());
    }

    boolean hasPendingImage(String contactId) {
        return ops.stream().anyMatch(op -> !op.done() && op.kind() == ContactOp.Kind.IMAGE
                && op.contactId().equals(contactId));
    }

    /** A step that failed for good without stopping the others (a bad image). */
    void stepFailed(String message) {
        stepFailures.add(message);
    }

    public List<String> stepFailures() {
        return List.copyOf(stepFailures);
    }

    /** The xref local id of a contact: "client id/contact id". */
    static String localId(String clientId, String contactId) {
        return clientId + "/" + contactId;
    }
}

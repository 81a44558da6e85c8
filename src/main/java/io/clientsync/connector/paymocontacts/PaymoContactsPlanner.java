package io.clientsync.connector.paymocontacts;

import io.clientsync.change.ClientChange;
import io.clientsync.change.Contact;
import io.clientsync.config.Vendors;
import io.clientsync.delivery.DeliveryKeys;
import io.clientsync.delivery.Outcome;
import io.clientsync.delivery.PermanentDeliveryException;
import io.clientsync.state.LedgerEntry;
import io.clientsync.state.XrefStore;
import io.clientsync.support.Secrets;
import org.apache.camel.Exchange;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns a change into its contact operations (VENDORS.md "paymo-contacts"), from the new contact map (the body, made
 * by {@link PaymoContactsMapper}), the last delivered one (the ledger) and the Paymo ids in the xref table:
 * <ul>
 * <li>unknown, not deleted: create (client_id, name, the other fields); then portal access, then the image;</li>
 * <li>known, not deleted: update with the changed fields (and portal access when it turned), then the image when
 * image_url changed;</li>
 * <li>deleted (or the client deleted): delete every known one.</li>
 * </ul>
 * An xref held by client-sync wins over an id in the contact's vendor_ids.
 */
public final class PaymoContactsPlanner {
    /** Exchange property: the {@link ContactPlan} of the change. */
    public static final String PLAN = "clientSyncPaymoPlan";
    /** Exchange property: true while the plan has an op not done (the ops loop's condition). */
    public static final String PENDING = "clientSyncPaymoPending";
    /** Exchange property: the change the plan was made for. */
    static final String PLANNED = "clientSyncPaymoPlanned";
    static final String KIND = "contact";
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#%+-=?@";

    private final XrefStore xref;
    private final int passwordLength;
    private final SecureRandom random = new SecureRandom();

    public PaymoContactsPlanner(XrefStore xref, int passwordLength) {
        this.xref = xref;
        this.passwordLength = passwordLength;
    }

    @SuppressWarnings("unchecked")
    public void plan(Exchange exchange) {
        ClientChange change = exchange.getProperty(DeliveryKeys.CHANGE, ClientChange.class);
        if (exchange.getProperty(PLAN) != null && exchange.getProperty(PLANNED) == change) {
            pending(exchange); // a redelivery of this change: keep the plan, whose done ops stay done
            return;
        }
        exchange.setProperty(PLANNED, change);
        Map<String, Map<String, Object>> now = exchange.getIn().getBody(Map.class);
        LedgerEntry last = exchange.getProperty(DeliveryKeys.LAST, LedgerEntry.class);
        Map<String, Map<String, Object>> before = PaymoContactsMapper.read(last == null ? null : last.payload());
        String prefix = ContactPlan.localId(change.id(), "");
        Map<String, String> remoteIds = new LinkedHashMap<>();
        for (Contact c : change.contactList()) {
            c.vendorId(Vendors.PAYMO_CONTACTS).ifPresent(id -> remoteIds.put(c.id(), id));
        }
        xref.findByPrefix(Vendors.PAYMO_CONTACTS, KIND, prefix)
                .forEach((local, remote) -> remoteIds.put(local.substring(prefix.length()), remote)); // xref wins
        ContactPlan plan = new ContactPlan(change.id(), exchange.getProperty(DeliveryKeys.VENDOR_ID, String.class),
                remoteIds, now);

        if (change.isDeleted()) {
            Set<String> known = new LinkedHashSet<>(before.keySet());
            change.contactList().forEach(c -> known.add(c.id()));
            known.addAll(remoteIds.keySet());
            for (String id : known) {
                if (remoteIds.containsKey(id)) {
                    plan.add(new ContactOp(ContactOp.Kind.DELETE, id, null, null, null));
                }
            }
        } else {
            for (Contact c : change.contactList()) {
                if (c.isDeleted()) {
                    if (remoteIds.containsKey(c.id())) {
                        plan.add(new ContactOp(ContactOp.Kind.DELETE, c.id(), null, null, null));
                    }
                    continue;
                }
                planContact(plan, c, now.get(c.id()), before.get(c.id()), remoteIds.containsKey(c.id()));
            }
        }
        exchange.setProperty(PLAN, plan);
        pending(exchange);
        if (plan.isEmpty()) {
            exchange.setProperty(DeliveryKeys.SKIP, change.isDeleted() ? Outcome.DELETED.label()
                    : Outcome.UNCHANGED.label());
        }
    }

    private void planContact(ContactPlan plan, Contact c, Map<String, Object> now, Map<String, Object> before,
                             boolean known) {
        Object access = now.get(PaymoContactsMapper.ACCESS);
        Object accessBefore = before == null ? null : before.get(PaymoContactsMapper.ACCESS);
        String image = (String) now.get(PaymoContactsMapper.IMAGE_URL);
        boolean imageChanged = image != null
                && !image.equals(before == null ? null : before.get(PaymoContactsMapper.IMAGE_URL));
        if (!known) {
            plan.add(new ContactOp(ContactOp.Kind.CREATE, c.id(), createFields(plan, c.id(), now), null, null));
            if (Boolean.TRUE.equals(access)) {
                plan.add(accessOn(c));
            }
        } else {
            Map<String, Object> changed = changedFields(c.id(), now, before);
            String password = null;
            if (Boolean.TRUE.equals(access) && !Boolean.TRUE.equals(accessBefore)) {
                changed.put(PaymoContactsMapper.ACCESS, true);
                password = password(c);
            } else if (Boolean.FALSE.equals(access) && !Boolean.FALSE.equals(accessBefore)) {
                changed.put(PaymoContactsMapper.ACCESS, false);
            }
            if (!changed.isEmpty()) {
                plan.add(new ContactOp(ContactOp.Kind.UPDATE, c.id(), changed, password, null));
            }
        }
        if (image != null && (imageChanged || !known)) {
            plan.add(new ContactOp(ContactOp.Kind.IMAGE, c.id(), null, null, image));
        }
    }

    /** The op that turns portal access on, with the change's password or a strong random one. */
    ContactOp accessOn(Contact c) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put(PaymoContactsMapper.ACCESS, true);
        return new ContactOp(ContactOp.Kind.UPDATE, c.id(), f, password(c), null);
    }

    /** client_id, name and every other mapped field of a contact; a contact without a name cannot be created. */
    static Map<String, Object> createFields(ContactPlan plan, String contactId, Map<String, Object> contact) {
        Object name = contact.get("name");
        if (name == null || name.toString().isBlank()) {
            throw PermanentDeliveryException.rejected("contact " + contactId
                    + ": Paymo needs a name to create a contact and the change has none");
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("client_id", Long.parseLong(plan.paymoClientId()));
        for (String field : PaymoContactsMapper.FIELDS) {
            if (contact.containsKey(field)) {
                f.put(field, contact.get(field));
            }
        }
        return f;
    }

    /** The sent fields whose value changed; an emptied text as "", an emptied is_main as false; never a blank name. */
    static Map<String, Object> changedFields(String contactId, Map<String, Object> now, Map<String, Object> before) {
        Map<String, Object> f = new LinkedHashMap<>();
        for (String field : PaymoContactsMapper.FIELDS) {
            Object value = now.get(field);
            Object old = before == null ? null : before.get(field);
            if (Objects.equals(value, old)) {
                continue;
            }
            if (value == null) {
                if ("name".equals(field)) {
                    throw PermanentDeliveryException.rejected("contact " + contactId
                            + ": the change empties its name, which Paymo needs");
                }
                f.put(field, "is_main".equals(field) ? Boolean.FALSE : "");
            } else {
                f.put(field, value);
            }
        }
        return f;
    }

    private String password(Contact c) {
        String given = c.portalPassword();
        if (given != null && !given.isBlank()) {
            Secrets.register(given);
            return given;
        }
        return randomPassword();
    }

    String randomPassword() {
        StringBuilder p = new StringBuilder(passwordLength);
        for (int i = 0; i < passwordLength; i++) {
            p.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        String password = p.toString();
        Secrets.register(password);
        return password;
    }

    /** Sets {@link #PENDING}, the loop condition of the ops route: after the plan and after each op. */
    public void pending(Exchange exchange) {
        ContactPlan plan = exchange.getProperty(PLAN, ContactPlan.class);
        exchange.setProperty(PENDING, plan != null && plan.hasPending());
    }

    /** After the ops: a step that failed for good (a bad image) makes the change a dead letter naming it. */
    public void finish(Exchange exchange) {
        ContactPlan plan = exchange.getProperty(PLAN, ContactPlan.class);
        List<String> failures = plan == null ? List.of() : plan.stepFailures();
        if (!failures.isEmpty()) {
            throw PermanentDeliveryException.rejected(String.join("; ", failures)
                    + " (the other contact steps were delivered)");
        }
    }

    /** Used by the answer: after an update's 404 the op becomes a create, then access and image again. */
    List<ContactOp> recreate(ContactPlan plan, ContactOp op, ClientChange change) {
        Map<String, Object> contact = plan.contact(op.contactId());
        op.recreateWith(createFields(plan, op.contactId(), contact));
        List<ContactOp> more = new ArrayList<>();
        if (Boolean.TRUE.equals(contact.get(PaymoContactsMapper.ACCESS))) {
            Contact c = change.contactList().stream().filter(x -> x.id().equals(op.contactId())).findFirst()
                    .orElse(null);
            Map<String, Object> f = new LinkedHashMap<>();
            f.put(PaymoContactsMapper.ACCESS, true);
            more.add(new ContactOp(ContactOp.Kind.UPDATE, op.contactId(), f,
                    c == null ? randomPassword() : password(c), null));
        }
        Object image = contact.get(PaymoContactsMapper.IMAGE_URL);
        if (image != null && !plan.hasPendingImage(op.contactId())) {
            more.add(new ContactOp(ContactOp.Kind.IMAGE, op.contactId(), null, null, image.toString()));
        }
        return more;
    }

    /** Keeps (or, with null, forgets) the Paymo id of a contact, at once. */
    void remember(ContactPlan plan, String contactId, String remoteId) {
        String local = ContactPlan.localId(plan.clientId(), contactId);
        if (remoteId == null) {
            xref.remove(Vendors.PAYMO_CONTACTS, KIND, local);
        } else {
            xref.put(Vendors.PAYMO_CONTACTS, KIND, local, remoteId);
        }
        plan.remoteId(contactId, remoteId);
    }
}

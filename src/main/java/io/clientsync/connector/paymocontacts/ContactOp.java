package io.clientsync.connector.paymocontacts;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One call of a contact plan: create, update (changed fields, portal access), image upload or delete of one contact.
 * Holds the portal password in memory only; {@link #toString()} never prints it.
 */
public final class ContactOp {
    public enum Kind { CREATE, UPDATE, IMAGE, DELETE }

    private Kind kind;
    private final String contactId;
    private Map<String, Object> fields;
    private String password;
    private final String imageUrl;
    private byte[] image;
    private String imageType;
    private boolean recreated;
    private boolean done;

    ContactOp(Kind kind, String contactId, Map<String, Object> fields, String password, String imageUrl) {
        this.kind = kind;
        this.contactId = contactId;
        this.fields = fields == null ? new LinkedHashMap<>() : new LinkedHashMap<>(fields);
        this.password = password;
        this.imageUrl = imageUrl;
    }

    public Kind kind() {
        return kind;
    }

    /** The contact's id in the change (not Paymo's). */
    public String contactId() {
        return contactId;
    }

    /** The JSON fields of a create or update, without the password. */
    public Map<String, Object> fields() {
        return fields;
    }

    String password() {
        return password;
    }

    String imageUrl() {
        return imageUrl;
    }

    byte[] image() {
        return image;
    }

    String imageType() {
        return imageType;
    }

    void image(byte[] bytes, String type) {
        this.image = bytes;
        this.imageType = type;
    }

    boolean recreated() {
        return recreated;
    }

    /** An update answered 404: the contact was removed in Paymo; this op becomes its create (once). */
    void recreateWith(Map<String, Object> createFields) {
        this.kind = Kind.CREATE;
        this.fields = new LinkedHashMap<>(createFields);
        this.password = null;
        this.recreated = true;
    }

    public boolean done() {
        return done;
    }

    void done(boolean value) {
        this.done = value;
    }

    @Override
    public String toString() {
        return kind + " contact " + contactId + " " + fields.keySet() + (password == null ? "" : " +password");
    }
}

package io.clientsync.change;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One validated change of one client (DESIGN.md section 5). {@code raw} is the change exactly as received,
 * kept so that a dead letter can store it (with secrets removed); {@link #contentDigest()} is its
 * {@link ContentDigest}, made from it when first asked for (null without it).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ClientChange(String id, long version, Boolean deleted, String name, String email, String phone,
                           String mobile, String fax, String website, String nickname, String customerNo,
                           String vatNo, String organizationNo, String notes, String status, String industry,
                           String currency, String customerSince, Address address, Address billingAddress,
                           List<Contact> contacts, Map<String, Object> vendorIds,
                           Map<String, Map<String, Object>> vendorFields,
                           @JsonIgnore ObjectNode raw, @JsonIgnore ContentDigest.Once digestOnce) {

    /** The change as received; its content digest is made from it when first asked for. */
    public ClientChange withRaw(ObjectNode node) {
        return new ClientChange(id, version, deleted, name, email, phone, mobile, fax, website, nickname, customerNo,
                vatNo, organizationNo, notes, status, industry, currency, customerSince, address, billingAddress,
                contacts, vendorIds, vendorFields, node, node == null ? null : new ContentDigest.Once(node));
    }

    /** SHA-256 of the change as received less its version ({@link ContentDigest}); null without the raw change. */
    public byte[] contentDigest() {
        return digestOnce == null ? null : digestOnce.get();
    }

    public boolean isDeleted() {
        return Boolean.TRUE.equals(deleted);
    }

    public Optional<String> vendorId(String vendor) {
        return VendorIdValue.of(vendorIds, vendor);
    }

    public Map<String, Object> vendorFields(String vendor) {
        if (vendorFields == null || vendorFields.get(vendor) == null) {
            return Map.of();
        }
        return vendorFields.get(vendor);
    }

    public List<Contact> contactList() {
        return contacts == null ? List.of() : contacts;
    }

    /** The first not-deleted contact with is_main, else the first not-deleted one (VENDORS.md). */
    public Optional<Contact> mainContact() {
        List<Contact> live = contactList().stream().filter(c -> !c.isDeleted()).toList();
        return live.stream().filter(Contact::main).findFirst().or(() -> live.stream().findFirst());
    }

    /** Short and secret-free, for logs. */
    @Override
    public String toString() {
        return "ClientChange[id=" + id + ", version=" + version + (isDeleted() ? ", deleted" : "") + "]";
    }
}

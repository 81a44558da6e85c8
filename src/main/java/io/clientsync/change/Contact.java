package io.clientsync.change;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.Map;
import java.util.Optional;

/** A contact person of a client. A contact missing from a later change is kept: only {@code deleted} deletes. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Contact(String id, String name, String email, String phone, String mobile, String fax, String skype,
                      String position, String notes, Boolean isMain, Boolean portalAccess, String portalPassword,
                      String imageUrl, Boolean deleted, Map<String, Object> vendorIds) {

    public boolean isDeleted() {
        return Boolean.TRUE.equals(deleted);
    }

    public boolean main() {
        return Boolean.TRUE.equals(isMain);
    }

    public Optional<String> vendorId(String vendor) {
        return VendorIdValue.of(vendorIds, vendor);
    }

    /** Never print the portal password. */
    @Override
    public String toString() {
        return "Contact[id=" + id + "]";
    }
}

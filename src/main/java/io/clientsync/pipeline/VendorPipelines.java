package io.clientsync.pipeline;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The pipeline of every enabled vendor. */
public final class VendorPipelines {
    private final Map<String, VendorPipeline> pipelines = new LinkedHashMap<>();

    public VendorPipelines(List<String> vendors, VendorPipeline.Parts parts) {
        for (String vendor : vendors) {
            pipelines.put(vendor, new VendorPipeline(vendor, parts));
        }
    }

    public Collection<VendorPipeline> all() {
        return pipelines.values();
    }

    public VendorPipeline of(String vendor) {
        return pipelines.get(vendor);
    }

    /** The source wrote rows: every vendor pipeline looks. */
    public void wakeAll() {
        pipelines.values().forEach(VendorPipeline::wake);
    }
}

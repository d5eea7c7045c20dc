package io.dubleads.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The filter's one Jackson mapper (shaded into our jar). Jackson's default buffer recycling keeps a
 * buffer per thread in a {@code ThreadLocal}; on a container's request threads that buffer's class
 * belongs to the webapp, so an undeployed webapp's class loader would stay reachable until the JVM
 * runs short of memory. This mapper recycles through a shared pool instead, which lives and dies
 * with the webapp.
 */
public final class Jackson {
    /** Thread-safe; use it for every JSON read and write of the filter. */
    public static final ObjectMapper MAPPER = new ObjectMapper(
            JsonFactory.builder().recyclerPool(JsonRecyclerPools.newConcurrentDequePool()).build());

    private Jackson() {}
}

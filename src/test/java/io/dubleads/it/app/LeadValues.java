package io.dubleads.it.app;

import io.dubleads.Lead;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The lead attribute value a test asks for: {@code type} picks the kind of value, the other query
 * parameters give its fields (Dub's names). Without {@code type}: the {@code id} parameter as a String.
 */
public final class LeadValues {
    /** The filter's default attribute. */
    public static final String ATTRIBUTE = "dub.lead";

    private LeadValues() {}

    public static Object from(HttpServletRequest req) {
        String type = req.getParameter("type");
        String id = req.getParameter("id");
        if (type == null || type.equals("string")) return id;
        switch (type) {
            case "charsequence":
                return new StringBuilder(id);
            case "lead": {
                Lead.Builder b = Lead.builder(id)
                        .customerName(req.getParameter("name"))
                        .customerEmail(req.getParameter("email"))
                        .customerAvatar(req.getParameter("avatar"))
                        .eventName(req.getParameter("eventName"))
                        .mode(req.getParameter("mode"))
                        .clickId(req.getParameter("clickId"));
                if (req.getParameter("eventQuantity") != null) b.eventQuantity(Integer.parseInt(req.getParameter("eventQuantity")));
                if (req.getParameter("plan") != null) b.metadata(Map.of("plan", req.getParameter("plan"), "seats", 3));
                return b.build();
            }
            case "map": {
                // every parameter but type, with Dub's field names; eventQuantity as a number, plan as metadata
                Map<String, Object> map = new LinkedHashMap<>();
                Enumeration<String> names = req.getParameterNames();
                while (names.hasMoreElements()) {
                    String name = names.nextElement();
                    if (name.equals("type")) continue;
                    String value = req.getParameter(name);
                    if (name.equals("eventQuantity")) map.put(name, Integer.valueOf(value));
                    else if (name.equals("plan")) map.put("metadata", Map.of("plan", value, "trial", true));
                    else map.put(name, value);
                }
                return map;
            }
            case "bean":
                return new AppUser(id, req.getParameter("name"), req.getParameter("email"));
            case "record":
                return new UserRecord(id, req.getParameter("name"), req.getParameter("email"));
            case "hidden":
                return new HiddenUser(id, req.getParameter("name"), req.getParameter("email"));
            case "unreadable":
                return new Object();
            default:
                throw new IllegalArgumentException("unknown type " + type);
        }
    }

    /** The application's own user object: read through getters. */
    public static final class AppUser {
        private final String id;
        private final String name;
        private final String email;

        public AppUser(String id, String name, String email) {
            this.id = id;
            this.name = name;
            this.email = email;
        }

        public String getId() { return id; }
        public String getName() { return name; }
        public String getEmail() { return email; }
        public boolean isActive() { return true; }
    }

    /** The application's user as a record: read through accessors. */
    public record UserRecord(String id, String name, String email) {}
}

/** A non-public user class: still readable through its getters. */
final class HiddenUser {
    private final String id;
    private final String name;
    private final String email;

    HiddenUser(String id, String name, String email) {
        this.id = id;
        this.name = name;
        this.email = email;
    }

    public String getId() { return id; }
    public String getName() { return name; }
    public String getEmail() { return email; }
}

package io.dubleads.capture;

import io.dubleads.Lead;
import io.dubleads.config.Settings;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the value an application put in the {@code dub.lead} attribute: a {@link Lead}, a
 * {@link Map} with Dub's field names, a {@link CharSequence} (the customer ID alone), or the
 * application's own bean or record, read through the {@code customer*Property} init-params
 * (record accessor {@code p()}, then {@code getP()}/{@code isP()}; values through {@code toString()}).
 */
public final class LeadReader {
    /** The attribute holds something the filter cannot read. */
    public static final class UnreadableException extends Exception {
        UnreadableException(String message) { super(message, null, false, false); }
    }

    private final String idProperty;
    private final String nameProperty;
    private final String emailProperty;
    private final String avatarProperty;
    private final ConcurrentHashMap<Class<?>, BeanAccessors> accessors = new ConcurrentHashMap<>();

    public LeadReader(Settings settings) {
        this.idProperty = settings.customerIdProperty;
        this.nameProperty = settings.customerNameProperty;
        this.emailProperty = settings.customerEmailProperty;
        this.avatarProperty = settings.customerAvatarProperty;
    }

    /** @return the lead the value describes; never null */
    public Lead read(Object value) throws UnreadableException {
        if (value instanceof Lead) return (Lead) value;
        if (value instanceof CharSequence) return Lead.builder(value.toString()).build();
        if (value instanceof Map) return fromMap((Map<?, ?>) value);
        if (value == null || value.getClass().isArray() || value instanceof Number || value instanceof Boolean
                || value instanceof Iterable) {
            throw new UnreadableException("an attribute value of type " + typeName(value));
        }
        return fromBean(value);
    }

    private static Lead fromMap(Map<?, ?> map) throws UnreadableException {
        Lead.Builder b = Lead.builder(string(map.get("customerExternalId")))
                .customerName(string(map.get("customerName")))
                .customerEmail(string(map.get("customerEmail")))
                .customerAvatar(string(map.get("customerAvatar")))
                .eventName(string(map.get("eventName")))
                .mode(string(map.get("mode")))
                .clickId(string(map.get("clickId")));
        Object quantity = map.get("eventQuantity");
        if (quantity != null) {
            try {
                long q = quantity instanceof Number ? ((Number) quantity).longValue() : Long.parseLong(quantity.toString().trim());
                b.eventQuantity((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, q)));
            } catch (NumberFormatException e) {
                throw new UnreadableException("a Map whose eventQuantity is not a whole number");
            }
        }
        Object metadata = map.get("metadata");
        if (metadata != null) {
            if (!(metadata instanceof Map)) throw new UnreadableException("a Map whose metadata is not a Map");
            @SuppressWarnings("unchecked")
            Map<String, ?> m = (Map<String, ?>) metadata;
            b.metadata(m);
        }
        return b.build();
    }

    private Lead fromBean(Object bean) throws UnreadableException {
        BeanAccessors a = accessors.computeIfAbsent(bean.getClass(), this::accessorsOf);
        if (a.id == null) {
            throw new UnreadableException("a " + typeName(bean) + " without a readable '" + idProperty
                    + "' property (set customerIdProperty, or set a Lead, Map or String)");
        }
        return Lead.builder(a.get(a.id, bean))
                .customerName(a.get(a.name, bean))
                .customerEmail(a.get(a.email, bean))
                .customerAvatar(a.get(a.avatar, bean))
                .build();
    }

    private BeanAccessors accessorsOf(Class<?> type) {
        return new BeanAccessors(find(type, idProperty), find(type, nameProperty), find(type, emailProperty),
                find(type, avatarProperty));
    }

    private static Method find(Class<?> type, String property) {
        String cap = property.substring(0, 1).toUpperCase(Locale.ROOT) + property.substring(1);
        for (String name : new String[] {property, "get" + cap, "is" + cap}) {
            if (name.equals(property) && !type.isRecord()) continue;
            Method m = method(type, name);
            if (m != null) return m;
        }
        return null;
    }

    /** A public method of the class or its supertypes, else a declared one made accessible. */
    private static Method method(Class<?> type, String name) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                Method m = c.getDeclaredMethod(name);
                if (m.getReturnType() == void.class || Modifier.isStatic(m.getModifiers())) continue;
                if (!(Modifier.isPublic(m.getModifiers()) && Modifier.isPublic(c.getModifiers()))) {
                    Method viaInterface = publicInterfaceMethod(type, name);
                    if (viaInterface != null) return viaInterface;
                    m.setAccessible(true);
                }
                return m;
            } catch (NoSuchMethodException e) {
                // look in the superclass
            } catch (RuntimeException e) {
                return null; // inaccessible (module rules): treated as absent
            }
        }
        return null;
    }

    private static Method publicInterfaceMethod(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (!Modifier.isPublic(i.getModifiers())) continue;
                try {
                    return i.getMethod(name);
                } catch (NoSuchMethodException e) {
                    // next
                }
            }
        }
        return null;
    }

    private static String string(Object o) {
        return o == null ? null : o.toString();
    }

    private static String typeName(Object o) {
        return o == null ? "null" : o.getClass().getName();
    }

    private static final class BeanAccessors {
        final Method id, name, email, avatar;

        BeanAccessors(Method id, Method name, Method email, Method avatar) {
            this.id = id;
            this.name = name;
            this.email = email;
            this.avatar = avatar;
        }

        String get(Method m, Object bean) throws UnreadableException {
            if (m == null) return null;
            try {
                Object v = m.invoke(bean);
                return v == null ? null : v.toString();
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new UnreadableException("a " + bean.getClass().getName() + " whose " + m.getName()
                        + "() failed: " + e.getClass().getSimpleName());
            }
        }
    }
}

package io.dubleads.apicheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The {@code javax} jar must run on Servlet 4.0 containers (Tomcat 9): every class, method and field
 * of {@code javax.servlet} that its classes reference — directly, or inherited by our own classes —
 * must exist in the Servlet 4.0 API, and no {@code jakarta.} reference may be left.
 */
class JavaxJarApiTest {

    @Test
    void javaxJarReferencesNothingBeyondServlet40() throws Exception {
        Path javaxJar = Path.of(System.getProperty("dub.javaxJar"));
        Path servlet40 = Path.of(System.getProperty("dub.servlet40Api"));
        assertTrue(Files.isRegularFile(javaxJar), "javax jar built: " + javaxJar);
        List<Ref> refs = new ArrayList<>();
        Set<String> jakarta = new TreeSet<>();
        int ourClasses = 0;
        try (JarFile jar = new JarFile(javaxJar.toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements();) {
                JarEntry entry = e.nextElement();
                String name = entry.getName();
                if (!name.endsWith(".class") || !name.startsWith("io/dubleads/") || name.startsWith("io/dubleads/shaded/")) continue;
                ourClasses++;
                try (InputStream in = jar.getInputStream(entry)) {
                    ConstantPool pool = ConstantPool.read(in);
                    refs.addAll(pool.refs);
                    for (String utf : pool.utf8) if (utf.contains("jakarta/") || utf.contains("jakarta.servlet")) jakarta.add(name + ": " + utf);
                }
            }
        }
        assertTrue(ourClasses > 10, "found our classes in the javax jar");
        assertEquals(Set.of(), jakarta, "jakarta references left in the javax jar");

        List<String> missing = new ArrayList<>();
        int checked = 0;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {javaxJar.toUri().toURL(), servlet40.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            for (Ref ref : refs) {
                boolean servletOwner = ref.owner.startsWith("javax/servlet/");
                boolean ourOwner = ref.owner.startsWith("io/dubleads/") && !ref.owner.startsWith("io/dubleads/shaded/");
                if (!servletOwner && !ourOwner) continue;
                Class<?> owner;
                try {
                    owner = Class.forName(ref.owner.replace('/', '.'), false, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    missing.add("class " + ref.owner);
                    continue;
                }
                if (ref.kind == Ref.Kind.CLASS) continue;
                checked++;
                if (!resolves(owner, ref)) missing.add(ref.owner + "." + ref.name + ref.descriptor);
            }
        }
        assertTrue(checked > 20, "checked the servlet calls: " + checked);
        assertEquals(List.of(), missing, "references that Servlet 4.0 cannot satisfy");
    }

    private static boolean resolves(Class<?> owner, Ref ref) {
        Deque<Class<?>> todo = new ArrayDeque<>();
        Set<Class<?>> seen = new HashSet<>();
        todo.add(owner);
        while (!todo.isEmpty()) {
            Class<?> c = todo.poll();
            if (!seen.add(c)) continue;
            try {
                if (ref.kind == Ref.Kind.FIELD) {
                    for (var f : c.getDeclaredFields()) if (f.getName().equals(ref.name)) return true;
                } else {
                    List<Executable> candidates = new ArrayList<>(List.of(c.getDeclaredMethods()));
                    for (Constructor<?> k : c.getDeclaredConstructors()) candidates.add(k);
                    for (Executable m : candidates) {
                        String name = m instanceof Constructor ? "<init>" : m.getName();
                        if (name.equals(ref.name) && descriptor(m).equals(ref.descriptor)) return true;
                    }
                }
            } catch (LinkageError e) {
                return false;
            }
            if (ref.name.equals("<init>")) return false;
            if (c.getSuperclass() != null) todo.add(c.getSuperclass());
            todo.addAll(List.of(c.getInterfaces()));
        }
        return false;
    }

    private static String descriptor(Executable m) {
        StringBuilder sb = new StringBuilder("(");
        for (Class<?> p : m.getParameterTypes()) sb.append(type(p));
        sb.append(')').append(m instanceof Method ? type(((Method) m).getReturnType()) : "V");
        return sb.toString();
    }

    private static String type(Class<?> c) {
        if (c.isArray()) return c.getName().replace('.', '/');
        if (c == void.class) return "V";
        if (c == boolean.class) return "Z";
        if (c == byte.class) return "B";
        if (c == char.class) return "C";
        if (c == short.class) return "S";
        if (c == int.class) return "I";
        if (c == long.class) return "J";
        if (c == float.class) return "F";
        if (c == double.class) return "D";
        return "L" + c.getName().replace('.', '/') + ";";
    }

    /** A class, method or field reference from a constant pool. */
    private static final class Ref {
        enum Kind { CLASS, METHOD, FIELD }

        final Kind kind;
        final String owner, name, descriptor;

        Ref(Kind kind, String owner, String name, String descriptor) {
            this.kind = kind;
            this.owner = owner;
            this.name = name;
            this.descriptor = descriptor;
        }
    }

    /** Just enough of the class-file format to list what a class refers to. */
    private static final class ConstantPool {
        final List<Ref> refs = new ArrayList<>();
        final List<String> utf8 = new ArrayList<>();

        static ConstantPool read(InputStream raw) throws IOException {
            DataInputStream in = new DataInputStream(raw);
            if (in.readInt() != 0xCAFEBABE) throw new IOException("not a class file");
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            int[] tag = new int[count];
            String[] utf = new String[count];
            int[] a = new int[count];
            int[] b = new int[count];
            for (int i = 1; i < count; i++) {
                tag[i] = in.readUnsignedByte();
                switch (tag[i]) {
                    case 1: utf[i] = in.readUTF(); break;
                    case 7: case 8: case 16: case 19: case 20: a[i] = in.readUnsignedShort(); break;
                    case 3: case 4: in.readInt(); break;
                    case 5: case 6: in.readLong(); i++; break;
                    case 9: case 10: case 11: case 12: case 17: case 18:
                        a[i] = in.readUnsignedShort();
                        b[i] = in.readUnsignedShort();
                        break;
                    case 15: in.readUnsignedByte(); in.readUnsignedShort(); break;
                    default: throw new IOException("constant pool tag " + tag[i]);
                }
            }
            ConstantPool pool = new ConstantPool();
            for (int i = 1; i < count; i++) {
                if (tag[i] == 1) pool.utf8.add(utf[i]);
                if (tag[i] == 7 && !utf[a[i]].startsWith("[")) pool.refs.add(new Ref(Ref.Kind.CLASS, utf[a[i]], null, null));
                if (tag[i] == 9 || tag[i] == 10 || tag[i] == 11) {
                    String owner = utf[a[a[i]]];
                    int nat = b[i];
                    if (owner.startsWith("[")) continue;
                    pool.refs.add(new Ref(tag[i] == 9 ? Ref.Kind.FIELD : Ref.Kind.METHOD, owner, utf[a[nat]], utf[b[nat]]));
                }
            }
            return pool;
        }
    }
}

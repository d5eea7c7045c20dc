package io.dubleads.sample;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The sample's user database: in memory, gone on restart. Emails are unique (compared
 * case-insensitively); passwords are kept only as salted PBKDF2 hashes.
 */
public final class UserStore {
    /** The servlet-context attribute under which {@link SampleAppListener} keeps the store. */
    public static final String CONTEXT_ATTRIBUTE = UserStore.class.getName();

    private static final int PBKDF2_ITERATIONS = 210_000;
    private static final int HASH_BITS = 256;

    private final Map<String, User> byEmail = new ConcurrentHashMap<>();
    private final Map<String, User> byId = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final SecureRandom random = new SecureRandom();

    /** Thrown by {@link #register} when the email is taken. */
    public static final class EmailTakenException extends Exception {
        EmailTakenException() {
            super("an account with this email exists already");
        }
    }

    /**
     * Creates a user.
     *
     * @throws EmailTakenException when an account with this email exists
     */
    public User register(String fullName, String emailAddress, char[] password) throws EmailTakenException {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        String id = "user_" + sequence.incrementAndGet();
        User user = new User(id, fullName, emailAddress, hash(password, salt), salt);
        if (byEmail.putIfAbsent(emailAddress.toLowerCase(Locale.ROOT), user) != null) {
            throw new EmailTakenException();
        }
        byId.put(id, user);
        return user;
    }

    /** @return the user with this ID */
    public Optional<User> find(String userId) {
        return userId == null ? Optional.empty() : Optional.ofNullable(byId.get(userId));
    }

    private static byte[] hash(char[] password, byte[] salt) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, PBKDF2_ITERATIONS, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java 17 runtime", e);
        } finally {
            spec.clearPassword();
        }
    }
}

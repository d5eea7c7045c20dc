package io.dubleads.sample;

/**
 * The application's own user, as a legacy app would have it: a plain bean whose property names
 * are the app's, not Dub's.
 *
 * <p>The filter reads it without any code in the app: {@code web.xml} names the properties through
 * the init-params {@code customerIdProperty=userId}, {@code customerNameProperty=fullName} and
 * {@code customerEmailProperty=emailAddress}, and the signup servlet sets the user itself as the
 * {@code dub.lead} request attribute. The password hash has no getter, so it can never be read
 * that way.
 */
public final class User {
    private final String userId;
    private final String fullName;
    private final String emailAddress;
    private final byte[] passwordHash;
    private final byte[] passwordSalt;

    User(String userId, String fullName, String emailAddress, byte[] passwordHash, byte[] passwordSalt) {
        this.userId = userId;
        this.fullName = fullName;
        this.emailAddress = emailAddress;
        this.passwordHash = passwordHash.clone();
        this.passwordSalt = passwordSalt.clone();
    }

    /** @return the app's ID for this user, sent to Dub as {@code customerExternalId} */
    public String getUserId() { return userId; }

    /** @return the name given at signup, sent as {@code customerName} */
    public String getFullName() { return fullName; }

    /** @return the email given at signup, sent as {@code customerEmail} */
    public String getEmailAddress() { return emailAddress; }

    @Override
    public String toString() {
        return "User[" + userId + "]";
    }
}

package org.wasmcloud4j.secrets;

import java.util.Objects;
import java.util.Optional;

/**
 * What a host tells a backend about who asks for a secret (wasmCloud's {@code Context}): the entity's signed
 * JWT, the host's JWT and the application (its name and the reference's policy, a JSON string).
 *
 * <p>Immutable. {@link #toString()} shows the application but only the lengths of the JWTs.
 */
public final class SecretContext {
    private static final SecretContext EMPTY = new SecretContext("", "", null, "{}");

    private final String entityJwt;
    private final String hostJwt;
    private final String applicationName;
    private final String policy;

    private SecretContext(String entityJwt, String hostJwt, String applicationName, String policy) {
        this.entityJwt = Objects.requireNonNull(entityJwt, "entityJwt");
        this.hostJwt = Objects.requireNonNull(hostJwt, "hostJwt");
        this.applicationName = applicationName;
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * A context.
     *
     * @param entityJwt the component's or provider's embedded JWT ({@code ""} for none)
     * @param hostJwt the host's JWT ({@code ""} for none)
     * @param applicationName the application's name, or {@code null}
     * @param policy the policy JSON string of the secret reference
     */
    public static SecretContext of(String entityJwt, String hostJwt, String applicationName, String policy) {
        return new SecretContext(entityJwt, hostJwt, applicationName, policy);
    }

    /** No JWTs, no application, policy {@code {}}: for embedded backends that ignore the context. */
    public static SecretContext empty() {
        return EMPTY;
    }

    /** The entity's JWT. */
    public String entityJwt() {
        return entityJwt;
    }

    /** The host's JWT. */
    public String hostJwt() {
        return hostJwt;
    }

    /** The application's name, if any. */
    public Optional<String> applicationName() {
        return Optional.ofNullable(applicationName);
    }

    /** The policy JSON string. */
    public String policy() {
        return policy;
    }

    /** This context with another policy (the host puts each reference's policy into its request). */
    public SecretContext withPolicy(String newPolicy) {
        return new SecretContext(entityJwt, hostJwt, applicationName, newPolicy);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretContext c && entityJwt.equals(c.entityJwt) && hostJwt.equals(c.hostJwt)
                && Objects.equals(applicationName, c.applicationName) && policy.equals(c.policy);
    }

    @Override
    public int hashCode() {
        return Objects.hash(entityJwt, hostJwt, applicationName, policy);
    }

    @Override
    public String toString() {
        return "SecretContext[entityJwt=" + entityJwt.length() + " chars, hostJwt=" + hostJwt.length()
                + " chars, application=" + applicationName + ", policy=" + policy + "]";
    }
}
